package io.exp.server.bus;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
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
 * A node cut from the broker while more broadcasts were shared than the broker keeps for
 * it missed some for good: a client that resumes on it from before them, or that listens
 * on it, gets the discontinuity frame, never a silent gap. One subclass per broker.
 */
abstract class SharedHistoryGapTests {

	private final SharingNodes nodes;

	private final int missedTicks;

	private BrokerProxy proxy;

	private ExpServer nodeA;

	private ExpServer nodeB;

	private String channel;

	/**
	 * @param broker the broker the suite runs against, set to keep far fewer broadcasts
	 * than {@code missedTicks} for a node that does not read
	 * @param missedTicks how many broadcasts are sent while node B is cut from the
	 * broker: enough for the broker to drop some before node B reads again
	 */
	SharedHistoryGapTests(SharingBroker broker, int missedTicks) {
		this.nodes = new SharingNodes(broker);
		this.missedTicks = missedTicks;
	}

	@BeforeEach
	void start() throws Exception {
		int port = this.nodes.start();
		this.nodeA = this.nodes.node(port).start();
		this.proxy = new BrokerProxy(port);
		this.nodeB = this.nodes.node(this.proxy.getPort()).start();
		this.channel = EventBusTests.channel("exp", "gap-" + UUID.randomUUID(), false, false);
	}

	@AfterEach
	void stop() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] { this.nodeB, this.proxy, this.nodeA }) {
			if (closeable != null) {
				closeable.close();
			}
		}
		this.nodes.stop();
	}

	@Test
	void aResumeFromBeforeBroadcastsTheNodeMissedForGoodIsADiscontinuityThenWhatItHolds() throws Exception {
		try (RawStompSocket publisher = connect(this.nodeA, EventBusTests.JOE)) {
			String last = firstTickSeenOnNodeB(publisher);
			missTicksOnNodeB(publisher);
			try (RawStompSocket watcher = connect(this.nodeB, EventBusTests.DEVICE_1)) {
				subscribe(watcher, this.channel, Map.of());
				broadcast(publisher, this.channel, afterTheGap());
				// node B reads what the broker kept (the watcher may get the
				// discontinuity frame first), then the new tick
				for (StompFrame frame = next(watcher, "MESSAGE"); frame
					.header(DiscontinuityFrames.DISCONTINUITY) != null
						|| number(frame) != afterTheGap(); frame = next(watcher, "MESSAGE")) {
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
				assertThat(replayed).as("what node B holds after the gap")
					.isSorted()
					.endsWith(afterTheGap())
					.hasSizeLessThan(this.missedTicks);
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
				broadcastMissedTicks(publisher);
				this.proxy.resume();
				await().atMost(Duration.ofSeconds(15)).until(broker::isAvailable);
				broadcast(publisher, this.channel, afterTheGap());
				StompFrame first = next(listener, "MESSAGE");
				assertThat(first.header(DiscontinuityFrames.DISCONTINUITY)).as(first.toString()).isEqualTo("true");
				assertThat(first.header("subscription")).isEqualTo("0");
				List<StompFrame> after = new ArrayList<>();
				do {
					after.add(next(listener, "MESSAGE"));
				}
				while (number(after.get(after.size() - 1)) != afterTheGap());
				assertThat(after.get(0).header(Serial.HEADER)).isEqualTo(first.header(DiscontinuityFrames.OLDEST));
				assertThat(after).extracting(TickFrames::number)
					.as("what node B read after the gap, live")
					.isSorted()
					.hasSizeLessThan(this.missedTicks)
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
	 * Node B is cut from the broker while the ticks 1 to {@code missedTicks} are
	 * broadcast, then comes back.
	 */
	private void missTicksOnNodeB(RawStompSocket publisher) throws IOException {
		BrokerAvailability broker = this.nodeB.getBean(BrokerAvailability.class);
		this.proxy.cut(true);
		await().atMost(Duration.ofSeconds(10)).until(() -> !broker.isAvailable());
		broadcastMissedTicks(publisher);
		this.proxy.resume();
		await().atMost(Duration.ofSeconds(15)).until(broker::isAvailable);
	}

	/**
	 * Broadcasts the ticks 1 to {@code missedTicks}, each once node A delivered the one
	 * before: node A, which reads on, never lags behind what the broker drops.
	 */
	private void broadcastMissedTicks(RawStompSocket publisher) throws IOException {
		try (RawStompSocket onA = connect(this.nodeA, EventBusTests.DEVICE_1)) {
			subscribe(onA, this.channel, Map.of());
			for (int n = 1; n <= this.missedTicks; n++) {
				broadcast(publisher, this.channel, n);
				assertThat(number(next(onA, "MESSAGE"))).isEqualTo(n);
			}
		}
	}

	/** The tick broadcast once node B is back. */
	private int afterTheGap() {
		return this.missedTicks + 1;
	}

	private RawStompSocket connect(ExpServer node, Identity identity) throws IOException {
		return this.nodes.connect(node.getPort(), identity);
	}

}
