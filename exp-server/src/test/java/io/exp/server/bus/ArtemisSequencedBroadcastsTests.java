package io.exp.server.bus;

import java.time.Duration;
import java.util.Map;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nodes that share their broadcasts on ActiveMQ Artemis, embedded from Maven artifacts,
 * through a topic one node at a time numbers ({@code exp.server.bus.history.sequencer}),
 * also when the node killed is the one that numbers.
 */
class ArtemisSequencedBroadcastsTests extends SharedBroadcastHistoryTests {

	private EmbeddedActiveMQ artemis;

	@Override
	protected int startBroker() throws Exception {
		int port = EmbeddedArtemis.freePort();
		this.artemis = EmbeddedArtemis.start(port);
		return port;
	}

	@Override
	protected Map<String, Object> sharingProperties() {
		return Map.of("exp.server.bus.history.stream", EmbeddedArtemis.SHARED_BROADCASTS,
				"exp.server.bus.history.sequencer", true);
	}

	@Override
	protected void stopBroker() throws Exception {
		if (this.artemis != null) {
			this.artemis.stop();
		}
	}

	@Test
	void aListenerWhoseNodeIsKilledWhileItNumbersTheBroadcastsResumesOnTheOtherNodeWithNothingLostAndNothingTwice()
			throws Exception {
		// node A leaves the input queue to node B, the first consumer, and comes back
		nodeA().stop();
		await().atMost(Duration.ofSeconds(10)).until(() -> inputConsumers() == 0);
		try (NodeProcess nodeB = startNodeProcess()) {
			await().atMost(Duration.ofSeconds(30)).until(() -> inputConsumers() == 1);
			assertThat(inputQueue().isExclusive()).as("the input queue gives one consumer at a time").isTrue();
			nodeA().start();
			await().atMost(Duration.ofSeconds(30)).until(() -> inputConsumers() == 2);
			listenerOnNodeBResumesOnNodeAAfterNodeBIsKilledMidStream(nodeB);
		}
	}

	private int inputConsumers() {
		Queue input = inputQueue();
		return (input != null) ? input.getConsumerCount() : 0;
	}

	private Queue inputQueue() {
		return this.artemis.getActiveMQServer().locateQueue(SimpleString.of(EmbeddedArtemis.SHARED_BROADCASTS + ".in"));
	}

}
