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
		try (BrokerProxy proxy = new BrokerProxy(brokerPort()); NodeProcess nodeB = startNodeProcess(proxy.getPort())) {
			String channel = EventBusTests.channel("exp", "stream-" + UUID.randomUUID(), false, false);
			try (RawStompSocket publisher = connect(nodeB.getPort(), EventBusTests.JOE);
					RawStompSocket listener = connect(nodeA().getPort(), EventBusTests.DEVICE_1)) {
				subscribe(listener, channel, Map.of());
				List<StompFrame> received = new ArrayList<>();
				broadcastAndReceive(publisher, listener, channel, 1, 10, received);
				// lost on their way to the broker, as what a node has in flight when its
				// connection fails
				proxy.dropFromNode("SEND", "destination:/amq/queue/" + broker().name());
				for (int n = 11; n <= 15; n++) {
					broadcast(publisher, channel, n);
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> proxy.droppedAFrameWith(TickFrames.body(15)));
				proxy.dropFromNode(null);
				// node B lives on, and its broker connection comes back
				proxy.cut(false);
				await().atMost(Duration.ofSeconds(30)).until(() -> proxy.connections() > 0 && nodeB.isReady());
				broadcastAndReceive(publisher, listener, channel, 16, 30, received);
				assertThat(received).extracting(TickFrames::number)
					.as("each broadcast once, in the order node B's publisher sent them")
					.containsExactlyElementsOf(IntStream.rangeClosed(1, 30).boxed().toList());
				List<Long> serials = received.stream()
					.map((frame) -> Serial.parse(frame.header(Serial.HEADER)).number())
					.toList();
				assertThat(serials).isSorted().doesNotHaveDuplicates();
				long first = serials.get(10);
				assertThat(serials.subList(10, 15))
					.as("ticks 11 to 15, sent again together before anything new: one stream entry's serials")
					.containsExactly(first, first + 1, first + 2, first + 3, first + 4);
				assertThat(first % BroadcastStream.SERIALS_PER_ENTRY).isZero();
			}
		}
	}

	@Test
	void broadcastsANodeSentAgainBecauseItDidNotReadThemBackAreDeliveredOnce() throws Exception {
		try (BrokerProxy proxy = new BrokerProxy(brokerPort()); NodeProcess nodeB = startNodeProcess(proxy.getPort())) {
			String channel = EventBusTests.channel("exp", "stream-" + UUID.randomUUID(), false, false);
			try (RawStompSocket publisher = connect(nodeB.getPort(), EventBusTests.JOE);
					RawStompSocket listener = connect(nodeA().getPort(), EventBusTests.DEVICE_1)) {
				subscribe(listener, channel, Map.of());
				List<StompFrame> received = new ArrayList<>();
				broadcastAndReceive(publisher, listener, channel, 1, 10, received);
				// node B does not read back its broadcasts of ticks 11 to 15, and sends
				// them again: the stream holds them twice
				proxy.dropToNode("MESSAGE");
				proxy.countFromNode(TickFrames.body(15));
				broadcastAndReceive(publisher, listener, channel, 11, 15, received);
				await().atMost(Duration.ofSeconds(10)).until(() -> proxy.countedFromNode() >= 2);
				proxy.dropToNode(null);
				broadcastAndReceive(publisher, listener, channel, 16, 30, received);
				assertThat(received).extracting(TickFrames::number)
					.as("each broadcast once, in order, although the stream holds ticks 11 to 15 twice")
					.containsExactlyElementsOf(IntStream.rangeClosed(1, 30).boxed().toList());
			}
		}
	}

}
