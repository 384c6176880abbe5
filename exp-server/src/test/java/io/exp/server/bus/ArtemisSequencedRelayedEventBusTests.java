package io.exp.server.bus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.exp.server.ExpServer;
import io.exp.server.auth.TokenService;
import org.junit.jupiter.api.Test;

import static io.exp.server.bus.TickFrames.broadcast;
import static io.exp.server.bus.TickFrames.next;
import static io.exp.server.bus.TickFrames.number;
import static io.exp.server.bus.TickFrames.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay over ActiveMQ Artemis with the nodes sharing their broadcasts through a
 * sequencer ({@code exp.server.bus.history.sequencer}): everything the relay does holds,
 * and a node that stopped following a channel still replays what was sent on it
 * meanwhile.
 */
class ArtemisSequencedRelayedEventBusTests extends ArtemisRelayedEventBusTests {

	@Override
	protected Map<String, Object> relayProperties() {
		return Map.of("exp.server.bus.history.stream", EmbeddedArtemis.SHARED_BROADCASTS,
				"exp.server.bus.history.sequencer", true);
	}

	@Override
	protected void resumedAfterTheNodeStoppedFollowing(StompFrame first) {
		// n 21 takes two broker hops (through the sequencer) and may reach node B after
		// the resume, which then gets it live right after the (empty) replay
		theBroadcastSentMeanwhileComesFirst(first);
	}

	@Override
	protected void afterTheCut(List<StompFrame> live, List<StompFrame> resumed) {
		// the node reads on from where it stopped, the address's last messages first
		everyTickSentDuringTheCutComesInOrder(live, resumed);
	}

	@Test
	void aNodeBackFromACutGetsWhatTheAddressKeptInOrderAlsoWhenABroadcastReachesItBeforeThem() throws Exception {
		String channel = freshChannel();
		TokenService tokens = nodeA().getBean(TokenService.class);
		try (BrokerProxy proxy = new BrokerProxy(brokerPort());
				OvertakingCopy overtaking = new OvertakingCopy(broker(), EmbeddedArtemis.SHARED_BROADCASTS)) {
			ExpServer nodeC = node(proxy.getPort()).start();
			try (RawStompSocket publisher = RawStompSocket.connect(nodeA().getPort(), tokens.issue(EventBusTests.JOE));
					RawStompSocket witness = RawStompSocket.connect(nodeA().getPort(), tokens.issue(freshDevice()));
					RawStompSocket listener = RawStompSocket.connect(nodeC.getPort(), tokens.issue(freshDevice()))) {
				subscribe(witness, channel, Map.of());
				subscribe(listener, channel, Map.of());
				broadcast(publisher, channel, 0);
				assertThat(number(next(witness, "MESSAGE"))).isZero();
				assertThat(number(next(listener, "MESSAGE"))).isZero();
				BrokerAvailability broker = nodeC.getBean(BrokerAvailability.class);
				proxy.cut(true);
				await().atMost(Duration.ofSeconds(10)).until(() -> !broker.isAvailable());
				for (int n = 1; n <= 4; n++) {
					broadcast(publisher, channel, n);
					assertThat(number(next(witness, "MESSAGE"))).isEqualTo(n);
				}
				// the tick 4 reaches node C's new subscription before the broker copies
				// the ticks the address kept into it, as one published in between
				overtaking.onNextQueue();
				proxy.resume();
				overtaking.awaitDone(Duration.ofSeconds(15));
				List<StompFrame> received = new ArrayList<>();
				StompFrame frame;
				do {
					frame = next(listener, "MESSAGE");
					received.add(frame);
				}
				while (frame.header(DiscontinuityFrames.DISCONTINUITY) != null || number(frame) != 4);
				assertThat(received).as(received.toString())
					.allSatisfy((heard) -> assertThat(heard.header(DiscontinuityFrames.DISCONTINUITY)).isNull())
					.extracting(TickFrames::number)
					.containsExactly(1, 2, 3, 4);
			}
			finally {
				nodeC.close();
			}
		}
	}

}
