package io.exp.server.bus;

import java.time.Duration;
import java.util.Map;

import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.exp.server.bus.TickFrames.broadcast;
import static io.exp.server.bus.TickFrames.next;
import static io.exp.server.bus.TickFrames.routed;
import static io.exp.server.bus.TickFrames.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The channels whose serials a node keeps are bounded
 * ({@code exp.server.bus.history.max-channels}), over raw STOMP frames from the side of a
 * client that broadcasts on ever new channel names: before, every channel ever broadcast
 * on kept its counter for as long as the node ran, so such a client grew the node's heap
 * without end. A channel the node forgot is never a silent gap or a refused resume for
 * its subscribers: they are told that broadcasts may be missing.
 */
class BroadcastHistoryChannelLimitTests {

	private static final int MAX_CHANNELS = 100;

	private ExpServer server;

	private InMemoryBroadcastHistory history;

	@BeforeEach
	void start() {
		this.server = ExpServer.builder()
			.property("exp.server.bus.history.max-age", "1s")
			.property("exp.server.bus.history.max-channels", MAX_CHANNELS)
			.start();
		this.history = (InMemoryBroadcastHistory) this.server.getBean(BroadcastHistory.class);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void broadcastsOnEverNewChannelNamesLeaveTheNodeAtMostMaxChannelsOnceTheirBroadcastsExpired() throws Exception {
		try (RawStompSocket attacker = connect(EventBusTests.JOE)) {
			for (int n = 0; n < 10 * MAX_CHANNELS; n++) {
				broadcast(attacker, EventBusTests.channel("exp", "throwaway-" + n, false, false), n);
			}
			routed(attacker);
			await().atMost(Duration.ofSeconds(10)).until(() -> this.history.channelCount() <= MAX_CHANNELS);
		}
	}

	@Test
	void aSubscriberResumingOnAChannelTheNodeForgotIsToldBroadcastsMayBeMissing() throws Exception {
		String channel = EventBusTests.channel("exp", "forgotten", false, false);
		try (RawStompSocket publisher = connect(EventBusTests.JOE)) {
			String last = serialOfABroadcastSeenByAListenerThatLeft(publisher, channel);
			// the node numbers each channel's broadcasts: a channel it forgets may
			// have had more after the one the listener saw, as this busier one had
			for (int n = 0; n < 3; n++) {
				broadcast(publisher, EventBusTests.channel("exp", "busier", false, false), n);
			}
			for (int n = 0; n < 2 * MAX_CHANNELS; n++) {
				broadcast(publisher, EventBusTests.channel("exp", "crowd-" + n, false, false), n);
			}
			routed(publisher);
			await().atMost(Duration.ofSeconds(10)).until(() -> this.history.channelCount() <= MAX_CHANNELS);
			try (RawStompSocket listener = connect(EventBusTests.DEVICE_1)) {
				subscribe(listener, channel, Map.of(Serial.RESUME_HEADER, last));
				StompFrame discontinuity = next(listener, "MESSAGE");
				assertThat(discontinuity.header(DiscontinuityFrames.DISCONTINUITY)).isEqualTo("true");
				assertThat(next(listener, "RECEIPT").header("receipt-id")).isEqualTo("subscribed");
				broadcast(publisher, channel, 1);
				StompFrame live = next(listener, "MESSAGE");
				assertThat(live.body()).contains("\"n\":1}");
				assertThat(Serial.parse(live.header(Serial.HEADER)).number())
					.as("a channel the node forgot numbers on after every serial it gave before")
					.isGreaterThan(Serial.parse(last).number());
			}
		}
	}

	@Test
	void aQuietChannelIsKeptWhileTheNodeHoldsFewerThanMaxChannelsSoItsSubscribersResumeWithNoDiscontinuity()
			throws Exception {
		String channel = EventBusTests.channel("exp", "quiet", false, false);
		try (RawStompSocket publisher = connect(EventBusTests.JOE)) {
			String last = serialOfABroadcastSeenByAListenerThatLeft(publisher, channel);
			await().atMost(Duration.ofSeconds(5)).until(() -> this.history.heldBytes() == 0);
			try (RawStompSocket listener = connect(EventBusTests.DEVICE_1)) {
				subscribe(listener, channel, Map.of(Serial.RESUME_HEADER, last, "receipt", "resumed"));
				assertThat(next(listener, "RECEIPT").header("receipt-id")).isEqualTo("resumed");
			}
		}
	}

	private String serialOfABroadcastSeenByAListenerThatLeft(RawStompSocket publisher, String channel)
			throws Exception {
		try (RawStompSocket listener = connect(EventBusTests.DEVICE_1)) {
			subscribe(listener, channel, Map.of());
			broadcast(publisher, channel, 0);
			return next(listener, "MESSAGE").header(Serial.HEADER);
		}
	}

	private RawStompSocket connect(Identity identity) throws Exception {
		return RawStompSocket.connect(this.server.getPort(), this.server.getBean(TokenService.class).issue(identity));
	}

}
