package io.exp.server.bus;

import java.util.List;
import java.util.Map;

/**
 * The relay over RabbitMQ with rabbitmq_stomp ({@link RabbitBroker}).
 */
class RabbitRelayedEventBusTests extends RelayedEventBusTests {

	@Override
	protected int startBroker() {
		return RabbitBroker.stompPort();
	}

	@Override
	protected Map<String, Object> relayProperties() {
		return Map.of("exp.server.bus.relay.virtual-host", "/");
	}

	/**
	 * Asks {@code rabbitmqctl} (the node's queues carry the node's id in their names, see
	 * {@link BrokerConnections#queueHeaders}).
	 */
	@Override
	protected List<String> brokerQueues() throws Exception {
		return RabbitBroker.queues();
	}

	@Override
	protected void stopBroker() throws Exception {
	}

}
