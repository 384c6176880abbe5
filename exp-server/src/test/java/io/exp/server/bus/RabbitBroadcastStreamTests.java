package io.exp.server.bus;

/**
 * Nodes that share their broadcasts through a RabbitMQ stream
 * ({@code exp.server.bus.history.stream}).
 */
class RabbitBroadcastStreamTests extends SharedBroadcastHistoryTests<RabbitStream> {

	RabbitBroadcastStreamTests() {
		super(RabbitStream.named("exp.test.broadcasts."));
	}

}
