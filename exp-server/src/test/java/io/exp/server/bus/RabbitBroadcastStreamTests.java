package io.exp.server.bus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static io.exp.server.bus.TickFrames.broadcast;
import static io.exp.server.bus.TickFrames.broadcastAndReceive;
import static io.exp.server.bus.TickFrames.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nodes that share their broadcasts through a RabbitMQ stream
 * ({@code exp.server.bus.history.stream}).
 */
class RabbitBroadcastStreamTests extends SharedBroadcastHistoryTests<RabbitStream> {

	RabbitBroadcastStreamTests() {
		super(RabbitStream.named("exp.test.broadcasts."));
	}

	@Test
	void broadcastsTheStreamNeverGotBeforeTheirNodesConnectionWasCutAreAppendedAgainInOrder() throws Exception {
		List<StompFrame> received = ticksFromNodeBReachNodeAOnceInOrder((proxy, nodeB, ticks) -> {
			// lost on their way to the broker, as what a node has in flight when its
			// connection fails
			proxy.dropFromNode("SEND", "destination:/amq/queue/" + broker().name());
			for (int n = 11; n <= 15; n++) {
				broadcast(ticks.publisher(), ticks.channel(), n);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> proxy.droppedAFrameWith(TickFrames.body(15)));
			proxy.dropFromNode(null);
			// node B lives on, and its broker connection comes back
			proxy.cut(false);
			await().atMost(Duration.ofSeconds(30)).until(() -> proxy.connections() > 0 && nodeB.isReady());
		});
		List<Long> serials = received.stream()
			.map((frame) -> Serial.parse(frame.header(Serial.HEADER)).number())
			.toList();
		assertThat(serials).isSorted().doesNotHaveDuplicates();
	}

	@Test
	void broadcastsANodeSentAgainBecauseItDidNotReadThemBackAreDeliveredOnce() throws Exception {
		ticksFromNodeBReachNodeAOnceInOrder((proxy, nodeB, ticks) -> {
			// node B does not read back its broadcasts of ticks 11 to 15, and sends them
			// again: the stream holds them twice
			proxy.dropToNode("MESSAGE");
			proxy.countFromNode(TickFrames.body(15));
			broadcastAndReceive(ticks.publisher(), ticks.listener(), ticks.channel(), 11, 15, ticks.received());
			await().atMost(Duration.ofSeconds(10)).until(() -> proxy.countedFromNode() >= 2);
			proxy.dropToNode(null);
		});
	}

	/**
	 * A publisher on node B, which reaches the broker through a proxy, and a listener on
	 * node A: ticks 1 to 10, then ticks 11 to 15 while the test disturbs node B's broker
	 * connection, then ticks 16 to 30. The listener must get 1 to 30, once each, in the
	 * order node B's publisher sent them.
	 * @return the frames the listener got
	 */
	private List<StompFrame> ticksFromNodeBReachNodeAOnceInOrder(Disturbance disturbance) throws Exception {
		try (BrokerProxy proxy = new BrokerProxy(brokerPort()); NodeProcess nodeB = startNodeProcess(proxy.getPort())) {
			String channel = EventBusTests.channel("exp", "stream-" + UUID.randomUUID(), false, false);
			try (RawStompSocket publisher = connect(nodeB.getPort(), EventBusTests.JOE);
					RawStompSocket listener = connect(nodeA().getPort(), EventBusTests.DEVICE_1)) {
				subscribe(listener, channel, Map.of());
				Ticks ticks = new Ticks(publisher, listener, channel, new ArrayList<>());
				broadcastAndReceive(publisher, listener, channel, 1, 10, ticks.received());
				disturbance.whileTicks11To15(proxy, nodeB, ticks);
				broadcastAndReceive(publisher, listener, channel, 16, 30, ticks.received());
				assertThat(ticks.received()).extracting(TickFrames::number)
					.as("each broadcast once, in the order node B's publisher sent them")
					.containsExactlyElementsOf(IntStream.rangeClosed(1, 30).boxed().toList());
				return ticks.received();
			}
		}
	}

	/**
	 * What a test does to node B's broker connection while it broadcasts ticks 11 to 15.
	 */
	@FunctionalInterface
	private interface Disturbance {

		void whileTicks11To15(BrokerProxy proxy, NodeProcess nodeB, Ticks ticks) throws Exception;

	}

	/**
	 * Node B's publisher, node A's listener, their channel, and what the listener got.
	 */
	private record Ticks(RawStompSocket publisher, RawStompSocket listener, String channel, List<StompFrame> received) {

	}

}
