package io.exp.server.health;

import java.time.Duration;

import javax.sql.DataSource;

import io.exp.server.bus.BrokerAvailability;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The parts of the node that its readiness probe ({@code /actuator/health/readiness})
 * checks besides Spring Boot's readiness state, each only where the node uses it: the
 * broker relay ({@code brokerRelay}) and the store's database ({@code database}). The
 * groups are set in the server's {@code exp-server.properties}.
 */
@Configuration(proxyBeanMethods = false)
class ProbesConfiguration {

	@Bean
	@ConditionalOnProperty(name = "exp.server.bus.relay.enabled", havingValue = "true")
	HealthIndicator brokerRelayHealthIndicator(BrokerAvailability broker) {
		return new BrokerRelayHealthIndicator(broker);
	}

	@Bean
	@ConditionalOnProperty(name = "exp.server.store", havingValue = "jdbc")
	HealthIndicator databaseHealthIndicator(DataSource dataSource) {
		return new DatabaseHealthIndicator(dataSource, Duration.ofSeconds(2));
	}

}
