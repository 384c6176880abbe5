package io.exp.server.health;

import io.exp.server.bus.BrokerAvailability;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Up while the node's relay to the external message broker is connected, read from
 * {@link BrokerAvailability#isAvailable()}: a node whose relay is down refuses its
 * clients' messages, so it should get no new connections until the relay is back.
 */
final class BrokerRelayHealthIndicator extends AbstractHealthIndicator {

	private final BrokerAvailability broker;

	BrokerRelayHealthIndicator(BrokerAvailability broker) {
		super("The broker relay's health could not be read");
		this.broker = broker;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (this.broker.isAvailable()) {
			builder.up();
		}
		else {
			builder.down();
		}
	}

}
