package io.exp.server.bus;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The relay over RabbitMQ with the nodes sharing their broadcasts through a stream
 * ({@code exp.server.bus.history.stream}): everything the relay does holds, and a node
 * that stopped following a channel still replays what was sent on it meanwhile.
 */
class RabbitStreamRelayedEventBusTests extends RabbitRelayedEventBusTests {

	private final String stream = "exp.test.relayed." + UUID.randomUUID();

	@Override
	protected Map<String, Object> relayProperties() {
		return Map.of("exp.server.bus.relay.virtual-host", "/", "exp.server.bus.history.stream", this.stream);
	}

	@Override
	protected void resumedAfterTheNodeStoppedFollowing(StompFrame first) {
		// node B reads n 21 from the stream a moment after node A appended it: read
		// before the resume, it is replayed; after, it is delivered live right after
		// the (empty) replay. Either way it comes first, once, and no discontinuity
		theBroadcastSentMeanwhileComesFirst(first);
	}

	@Override
	protected void afterTheCut(List<StompFrame> live, List<StompFrame> resumed) {
		// the node reads on from where it stopped
		everyTickSentDuringTheCutComesInOrder(live, resumed);
	}

	@Override
	protected void stopBroker() throws Exception {
		RabbitBroker.deleteQueue(this.stream);
	}

}
