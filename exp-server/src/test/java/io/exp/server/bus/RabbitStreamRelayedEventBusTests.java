package io.exp.server.bus;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

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
		assertThat(first.header(ResumedSubscriptions.DISCONTINUITY)).isNull();
		assertThat(first.header(ResumedSubscriptions.REPLAYED)).isEqualTo("true");
		assertThat(first.body()).contains("\"n\":21}");
	}

	@Override
	protected void stopBroker() throws Exception {
		RabbitBroker.deleteQueue(this.stream);
	}

}
