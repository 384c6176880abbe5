package io.exp.server.bus;

import java.util.Map;
import java.util.UUID;

/**
 * Nodes that share their broadcasts through a RabbitMQ stream
 * ({@code exp.server.bus.history.stream}).
 */
class RabbitBroadcastStreamTests extends SharedBroadcastHistoryTests {

	private final String stream = "exp.test.broadcasts." + UUID.randomUUID();

	@Override
	protected int startBroker() {
		return RabbitBroker.stompPort();
	}

	@Override
	protected Map<String, Object> sharingProperties() {
		return Map.of("exp.server.bus.relay.virtual-host", "/", "exp.server.bus.history.stream", this.stream);
	}

	@Override
	protected void stopBroker() throws Exception {
		RabbitBroker.deleteQueue(this.stream);
	}

}
