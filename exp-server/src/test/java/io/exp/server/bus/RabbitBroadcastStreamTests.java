package io.exp.server.bus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

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
