package io.exp.boot.autoconfigure;

import io.exp.client.bus.ExpEventBus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures EXP meters when Micrometer is present: {@code exp.eventbus.connected} (1 or 0). API calls are
 * observed as {@code http.client.requests} through the context's {@code WebClient.Builder}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ExpAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(ExpEventBus.class)
public final class ExpMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "expEventBusMeterBinder")
	MeterBinder expEventBusMeterBinder(ExpEventBus eventBus) {
		return (registry) -> Gauge.builder("exp.eventbus.connected", eventBus, (bus) -> bus.isConnected() ? 1 : 0)
			.description("Whether the EXP event bus is connected")
			.register(registry);
	}

}
