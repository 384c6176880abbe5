package io.exp.boot.autoconfigure;

import io.exp.client.bus.ExpEventBusMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures event bus metrics when Micrometer is present and the context has a
 * {@link MeterRegistry}: messages sent and received, request round trips, reconnects and
 * the connection state. API calls are observed as {@code http.client.requests} through
 * the context's {@code WebClient.Builder}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = ExpAutoConfiguration.class)
@ConditionalOnClass({ MeterRegistry.class, ExpEventBusMetrics.class })
public final class ExpMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ExpEventBusMetrics expEventBusMetrics(ObjectProvider<MeterRegistry> registry) {
		MeterRegistry meterRegistry = registry.getIfAvailable();
		return (meterRegistry != null) ? new MicrometerExpEventBusMetrics(meterRegistry) : ExpEventBusMetrics.NONE;
	}

}
