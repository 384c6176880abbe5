package io.exp.boot.autoconfigure;

import io.exp.client.api.ReactiveExpApiClient;
import io.exp.client.bus.ExpEventBus;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the EXP {@link ExpHealthIndicator} when Spring Boot's health support is
 * present.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ExpAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ReactiveExpApiClient.class)
@ConditionalOnEnabledHealthIndicator("exp")
public final class ExpHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "expHealthIndicator")
	ExpHealthIndicator expHealthIndicator(ReactiveExpApiClient api, ObjectProvider<ExpEventBus> eventBus) {
		return new ExpHealthIndicator(api, eventBus.getIfAvailable());
	}

}
