package io.exp.server.bus;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.exp.server.bus.TickFrames.broadcast;
import static io.exp.server.bus.TickFrames.next;
import static io.exp.server.bus.TickFrames.number;
import static io.exp.server.bus.TickFrames.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node cut from ActiveMQ Artemis while more broadcasts were sequenced than the address
 * keeps for it ({@code retroactive-message-count}, {@value #KEPT} here) missed some for
 * good: a client that resumes on it from before them gets the discontinuity frame, never
 * a silent gap.
 */
class ArtemisSequencedGapTests {

	private static final int KEPT = 10;

	private final String signingKey = TokenService.randomKey();

	private EmbeddedActiveMQ artemis;

	private BrokerProxy proxy;

	private ExpServer nodeA;

	private ExpServer nodeB;

	private String channel;

	@BeforeEach
	void start() throws Exception {
		int port = EmbeddedArtemis.freePort();
		this.artemis = EmbeddedArtemis.start(port, KEPT);
		this.nodeA = node(port).start();
		this.proxy = new BrokerProxy(port);
		this.nodeB = node(this.proxy.getPort()).start();
		this.channel = EventBusTests.channel("exp", "gap-" + UUID.randomUUID(), false, false);
	}

	@AfterEach
	void stop() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] { this.nodeB, this.proxy, this.nodeA }) {
			if (closeable != null) {
				closeable.close();
			}
		}
		if (this.artemis != null) {
			this.artemis.stop();
		}
	}

	@Test
	void aResumeFromBeforeBroadcastsTheNodeMissedForGoodIsADiscontinuityThenWhatItHolds() throws Exception {
		try (RawStompSocket publisher = connect(this.nodeA, EventBusTests.JOE)) {
			String last = firstTickSeenOnNodeB(publisher);
			missTicksOnNodeB(publisher);
			try (RawStompSocket watcher = connect(this.nodeB, EventBusTests.DEVICE_1)) {
				subscribe(watcher, this.channel, Map.of());
				broadcast(publisher, this.channel, 51);
				// node B reads what the address kept (the watcher may get the
				// discontinuity
				// frame first), then the new tick
				for (StompFrame frame = next(watcher, "MESSAGE"); frame
					.header(DiscontinuityFrames.DISCONTINUITY) != null
						|| number(frame) != 51; frame = next(watcher, "MESSAGE")) {
				}
			}
			try (RawStompSocket listener = connect(this.nodeB, EventBusTests.DEVICE_1)) {
				subscribe(listener, this.channel, Map.of(Serial.RESUME_HEADER, last));
				StompFrame first = next(listener, "MESSAGE");
				assertThat(first.header(DiscontinuityFrames.DISCONTINUITY)).as(first.toString()).isEqualTo("true");
				List<Integer> replayed = new ArrayList<>();
				for (StompFrame frame = next(listener, "MESSAGE", "RECEIPT"); frame.command()
					.equals("MESSAGE"); frame = next(listener, "MESSAGE", "RECEIPT")) {
					replayed.add(number(frame));
				}
				assertThat(replayed).as("what node B holds after the gap").isSorted().endsWith(51).hasSizeLessThan(50);
			}
		}
	}

	@Test
	void aListenerThatResumedWhileItsNodeWasCutFromTheBrokerGetsTheDiscontinuityBeforeTheBroadcastsAfterTheGap()
			throws Exception {
		try (RawStompSocket publisher = connect(this.nodeA, EventBusTests.JOE)) {
			String last = firstTickSeenOnNodeB(publisher);
			try (RawStompSocket listener = connect(this.nodeB, EventBusTests.DEVICE_1)) {
				BrokerAvailability broker = this.nodeB.getBean(BrokerAvailability.class);
				this.proxy.cut(true);
				await().atMost(Duration.ofSeconds(10)).until(() -> !broker.isAvailable());
				subscribe(listener, this.channel, Map.of(Serial.RESUME_HEADER, last));
				assertThat(next(listener, "RECEIPT").header("receipt-id")).isEqualTo("subscribed");
				broadcastTicksOneToFifty(publisher);
				this.proxy.resume();
				await().atMost(Duration.ofSeconds(15)).until(broker::isAvailable);
				broadcast(publisher, this.channel, 51);
				StompFrame first = next(listener, "MESSAGE");
				assertThat(first.header(DiscontinuityFrames.DISCONTINUITY)).as(first.toString()).isEqualTo("true");
				assertThat(first.header("subscription")).isEqualTo("0");
				List<StompFrame> after = new ArrayList<>();
				do {
					after.add(next(listener, "MESSAGE"));
				}
				while (number(after.get(after.size() - 1)) != 51);
				assertThat(after.get(0).header(Serial.HEADER)).isEqualTo(first.header(DiscontinuityFrames.OLDEST));
				assertThat(after).extracting(TickFrames::number)
					.as("what node B read after the gap, live")
					.isSorted()
					.hasSizeLessThan(50)
					.doesNotHaveDuplicates();
			}
		}
	}

	/** A listener on node B gets the tick 0; returns its serial. */
	private String firstTickSeenOnNodeB(RawStompSocket publisher) throws IOException {
		try (RawStompSocket listener = connect(this.nodeB, EventBusTests.DEVICE_1)) {
			subscribe(listener, this.channel, Map.of());
			broadcast(publisher, this.channel, 0);
			return next(listener, "MESSAGE").header(Serial.HEADER);
		}
	}

	/**
	 * Node B is cut from the broker while the ticks 1 to 50 are broadcast, then comes
	 * back.
	 */
	private void missTicksOnNodeB(RawStompSocket publisher) throws IOException {
		BrokerAvailability broker = this.nodeB.getBean(BrokerAvailability.class);
		this.proxy.cut(true);
		await().atMost(Duration.ofSeconds(10)).until(() -> !broker.isAvailable());
		broadcastTicksOneToFifty(publisher);
		this.proxy.resume();
		await().atMost(Duration.ofSeconds(15)).until(broker::isAvailable);
	}

	/**
	 * Broadcasts the ticks 1 to 50 and waits until node A delivers the last: the
	 * sequencer has numbered them all.
	 */
	private void broadcastTicksOneToFifty(RawStompSocket publisher) throws IOException {
		try (RawStompSocket onA = connect(this.nodeA, EventBusTests.DEVICE_1)) {
			subscribe(onA, this.channel, Map.of());
			for (int n = 1; n <= 50; n++) {
				broadcast(publisher, this.channel, n);
			}
			while (number(next(onA, "MESSAGE")) != 50) {
				// numbered in order
			}
		}
	}

	private ExpServer.Builder node(int brokerPort) {
		return ExpServer.builder()
			.property("exp.server.signing-key", this.signingKey)
			.property("exp.server.bus.relay.enabled", true)
			.property("exp.server.bus.relay.port", brokerPort)
			.property("exp.server.bus.history.stream", EmbeddedArtemis.SHARED_BROADCASTS)
			.property("exp.server.bus.history.sequencer", true);
	}

	private RawStompSocket connect(ExpServer node, Identity identity) throws IOException {
		return RawStompSocket.connect(node.getPort(), this.nodeA.getBean(TokenService.class).issue(identity));
	}

}
