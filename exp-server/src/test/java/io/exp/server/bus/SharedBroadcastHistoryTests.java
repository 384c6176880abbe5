package io.exp.server.bus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static io.exp.server.bus.TickFrames.broadcast;
import static io.exp.server.bus.TickFrames.next;
import static io.exp.server.bus.TickFrames.number;
import static io.exp.server.bus.TickFrames.routed;
import static io.exp.server.bus.TickFrames.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes that share their broadcasts through the broker
 * ({@code exp.server.bus.history.stream}): a listener that comes back to its node after
 * the node stopped, or fails over to another node after its own was killed, resumes after
 * the last serial it saw and gets every broadcast it missed, in order, once, over raw
 * STOMP frames. One subclass per broker.
 *
 * @param <B> the broker
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharedBroadcastHistoryTests<B extends SharingBroker> {

	private final B broker;

	private final SharingNodes nodes;

	private ExpServer nodeA;

	/**
	 * @param broker the broker the suite runs against
	 */
	SharedBroadcastHistoryTests(B broker) {
		this.broker = broker;
		this.nodes = new SharingNodes(broker);
	}

	@BeforeAll
	void start() throws Exception {
		this.nodeA = this.nodes.node(this.nodes.start()).start();
	}

	@AfterAll
	void stop() throws Exception {
		if (this.nodeA != null) {
			this.nodeA.close();
		}
		this.nodes.stop();
	}

	/**
	 * Returns the broker the suite runs against.
	 * @return the broker
	 */
	protected B broker() {
		return this.broker;
	}

	/**
	 * Returns the node the tests publish on, which runs in the tests' JVM.
	 * @return the node
	 */
	protected ExpServer nodeA() {
		return this.nodeA;
	}

	@Test
	void aListenerWhoseNodeStopsForTwoSecondsGetsEveryBroadcastSentMeanwhileInOrderOnceWhenItComesBack()
			throws Exception {
		String channel = EventBusTests.channel("exp", "stream-" + UUID.randomUUID(), false, false);
		ExpServer nodeB = this.nodes.node(brokerPort()).start();
		try (RawStompSocket publisher = connect(this.nodeA.getPort(), EventBusTests.JOE)) {
			String last;
			try (RawStompSocket listener = connect(nodeB.getPort(), EventBusTests.DEVICE_1)) {
				subscribe(listener, channel, Map.of());
				broadcast(publisher, channel, 0);
				StompFrame seen = next(listener, "MESSAGE");
				assertThat(seen.body()).contains("\"n\":0}");
				last = seen.header(Serial.HEADER);
			}
			nodeB.stop();
			for (int n = 1; n <= 100; n++) {
				broadcast(publisher, channel, n);
				Thread.sleep(20);
			}
			routed(publisher);
			nodeB.start();
			try (RawStompSocket listener = connect(nodeB.getPort(), EventBusTests.DEVICE_1)) {
				subscribe(listener, channel, Map.of(Serial.RESUME_HEADER, last));
				long previous = Serial.parse(last).number();
				for (int n = 1; n <= 100; n++) {
					StompFrame replayed = next(listener, "MESSAGE");
					assertThat(replayed.body()).as(replayed.toString()).contains("\"n\":" + n + "}");
					assertThat(replayed.header(ResumedSubscriptions.REPLAYED)).isEqualTo("true");
					long number = Serial.parse(replayed.header(Serial.HEADER)).number();
					assertThat(number).isGreaterThan(previous);
					previous = number;
				}
				assertThat(next(listener, "RECEIPT").header("receipt-id")).isEqualTo("subscribed");
				broadcast(publisher, channel, 101);
				StompFrame live = next(listener, "MESSAGE");
				assertThat(live.body()).contains("\"n\":101}");
				assertThat(live.header(ResumedSubscriptions.REPLAYED)).isNull();
			}
		}
		finally {
			nodeB.close();
		}
	}

	@Test
	void everyBroadcastANodeAcceptedBeforeItStopsReachesTheOtherNodesThoughItsBrokerConnectionIsCongested()
			throws Exception {
		String channel = EventBusTests.channel("exp", "stream-" + UUID.randomUUID(), false, false);
		// what the listener's socket and the node's buffer for it hold, arriving at once
		int total = 300;
		try (BrokerProxy proxy = new BrokerProxy(brokerPort())) {
			ExpServer nodeB = this.nodes.node(proxy.getPort()).start();
			try (RawStompSocket listener = connect(this.nodeA.getPort(), EventBusTests.DEVICE_1)) {
				subscribe(listener, channel, Map.of());
				try (RawStompSocket publisher = connect(nodeB.getPort(), EventBusTests.JOE)) {
					proxy.pauseReadingFromNode(true);
					for (int n = 1; n <= total; n++) {
						broadcast(publisher, channel, n);
					}
					// node B took every broadcast before it answers this
					routed(publisher);
				}
				// node B stops with its broadcasts in its socket's buffer, unread by the
				// broker for 2 s
				CompletableFuture<Void> closing = CompletableFuture.runAsync(nodeB::close);
				Thread.sleep(2000);
				proxy.pauseReadingFromNode(false);
				// read while node B stops: a listener that does not read is closed as too
				// slow
				List<Integer> received = new ArrayList<>();
				while (received.size() < total) {
					received.add(number(next(listener, "MESSAGE")));
				}
				closing.get(30, TimeUnit.SECONDS);
				assertThat(received).isEqualTo(IntStream.rangeClosed(1, total).boxed().toList());
			}
			finally {
				nodeB.close();
			}
		}
	}

	@Test
	void aListenerWhoseNodeIsKilledMidStreamResumesOnTheOtherNodeWithNothingLostAndNothingTwice() throws Exception {
		try (NodeProcess nodeB = startNodeProcess()) {
			listenerOnNodeBResumesOnNodeAAfterNodeBIsKilledMidStream(nodeB);
		}
	}

	/**
	 * Starts a node in a JVM of its own, which a test can kill.
	 * @return the node
	 * @throws Exception when it cannot start
	 */
	protected NodeProcess startNodeProcess() throws Exception {
		return startNodeProcess(brokerPort());
	}

	/**
	 * Starts a node in a JVM of its own, which a test can kill, that reaches the broker
	 * on another port (a {@link BrokerProxy}'s).
	 * @param brokerPort the port
	 * @return the node
	 * @throws Exception when it cannot start
	 */
	protected NodeProcess startNodeProcess(int brokerPort) throws Exception {
		return this.nodes.process(brokerPort);
	}

	/**
	 * Returns the broker's STOMP port.
	 * @return the port
	 */
	protected int brokerPort() {
		return this.nodes.brokerPort();
	}

	/**
	 * A listener on node B gets 30 of 100 broadcasts published on node A, node B is
	 * killed, and the listener resumes on node A: it got exactly 1 to 100, in order.
	 * @param nodeB the node that is killed
	 * @throws Exception when the test cannot run
	 */
	protected void listenerOnNodeBResumesOnNodeAAfterNodeBIsKilledMidStream(NodeProcess nodeB) throws Exception {
		String channel = EventBusTests.channel("exp", "stream-" + UUID.randomUUID(), false, false);
		int total = 100;
		try (RawStompSocket publisher = connect(this.nodeA.getPort(), EventBusTests.JOE)) {
			List<Integer> received = new ArrayList<>();
			String last = null;
			try (RawStompSocket listener = connect(nodeB.getPort(), EventBusTests.DEVICE_1)) {
				subscribe(listener, channel, Map.of());
				CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
					try {
						for (int n = 1; n <= total; n++) {
							broadcast(publisher, channel, n);
							Thread.sleep(20);
						}
					}
					catch (IOException | InterruptedException ex) {
						throw new IllegalStateException(ex);
					}
				});
				while (received.size() < 30) {
					StompFrame frame = next(listener, "MESSAGE");
					received.add(number(frame));
					last = frame.header(Serial.HEADER);
				}
				nodeB.kill();
				// what was on its way to the listener when the node died is lost with the
				// connection
				for (String frame = listener.read(); !frame.equals("CLOSED"); frame = listener.read()) {
					StompFrame message = StompFrame.parse(frame);
					if (message.command().equals("MESSAGE")) {
						received.add(number(message));
						last = message.header(Serial.HEADER);
					}
				}
				publishing.get(30, TimeUnit.SECONDS);
			}
			assertThat(received).hasSizeLessThan(total);
			try (RawStompSocket listener = connect(this.nodeA.getPort(), EventBusTests.DEVICE_1)) {
				subscribe(listener, channel, Map.of(Serial.RESUME_HEADER, last));
				while (received.get(received.size() - 1) < total) {
					StompFrame frame = next(listener, "MESSAGE", "RECEIPT");
					if (frame.command().equals("MESSAGE")) {
						received.add(number(frame));
					}
				}
			}
			List<Integer> expected = new ArrayList<>();
			for (int n = 1; n <= total; n++) {
				expected.add(n);
			}
			assertThat(received).isEqualTo(expected);
		}
	}

	/**
	 * Connects to a node as an identity.
	 * @param port the node's port
	 * @param identity the identity
	 * @return the connected socket
	 * @throws IOException when it cannot connect
	 */
	protected RawStompSocket connect(int port, Identity identity) throws IOException {
		return this.nodes.connect(port, identity);
	}

}
