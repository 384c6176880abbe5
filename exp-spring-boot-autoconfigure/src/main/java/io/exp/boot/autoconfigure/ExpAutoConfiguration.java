package io.exp.boot.autoconfigure;

import io.exp.client.annotation.ExpAnnotationConfiguration;
import io.exp.client.api.ExpApiClient;
import io.exp.client.api.ExpApiSettings;
import io.exp.client.api.ReactiveExpApiClient;
import io.exp.client.bus.ExpEventBus;
import io.exp.client.bus.ExpEventBusMetrics;
import io.exp.client.bus.ExpEventBusSettings;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Auto-configures the EXP API client (blocking and reactive), the event bus with its life
 * cycle, and {@code @ExpListen} / {@code @ExpRespond} methods. Every bean backs off when
 * the application defines its own.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = { "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@ConditionalOnClass(ReactiveExpApiClient.class)
@EnableConfigurationProperties(ExpProperties.class)
public final class ExpAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ExpConnectionDetails.class)
	PropertiesExpConnectionDetails expConnectionDetails(ExpProperties properties) {
		return new PropertiesExpConnectionDetails(properties);
	}

	/**
	 * The API client, on the context's HTTP resources: its {@code WebClient.Builder}
	 * (codecs, connector, observation), otherwise its {@code ReactorResourceFactory};
	 * with neither, the client makes its own, which the context closes with the bean. It
	 * and the event bus use the context's {@code JsonMapper} (Boot's, with its
	 * {@code spring.jackson.*} properties and {@code JsonMapperBuilderCustomizer}s) when
	 * there is one. Resources answer {@code getChannel()} from the context's event bus,
	 * looked up when called.
	 */
	@Bean
	@ConditionalOnMissingBean
	ReactiveExpApiClient reactiveExpApiClient(ExpConnectionDetails connectionDetails, ExpProperties properties,
			ObjectProvider<WebClient.Builder> webClientBuilder, ObjectProvider<ReactorResourceFactory> resourceFactory,
			ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<ExpEventBus> eventBus) {
		ExpProperties.Api api = properties.getApi();
		ReactiveExpApiClient.Builder builder = ReactiveExpApiClient.builder()
			.baseUrl(connectionDetails.getBaseUrl())
			.credentials(connectionDetails.getCredentials())
			.settings(new ExpApiSettings(api.getTimeout(), api.getMaxRetries(), api.getRetryBackoff()))
			.nodeOrder(properties.getNodeOrder())
			.channels((name, system, consumer) -> eventBus.getIfAvailable(() -> {
				throw new IllegalStateException("No event bus in this application: enable it (exp.event-bus.enabled) "
						+ "before calling getChannel()");
			}).channel(name, system, consumer));
		jsonMapper.ifAvailable(builder::jsonMapper);
		WebClient.Builder fromContext = webClientBuilder.getIfAvailable();
		ReactorResourceFactory resources = resourceFactory.getIfAvailable();
		if (fromContext == null && resources != null) {
			fromContext = WebClient.builder().clientConnector(new ReactorClientHttpConnector(resources, (c) -> c));
		}
		if (fromContext != null) {
			builder.webClientBuilder(fromContext);
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	ExpApiClient expApiClient(ReactiveExpApiClient reactiveExpApiClient) {
		return new ExpApiClient(reactiveExpApiClient);
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnEventBusCondition.Disabled.class)
	static class DisabledEventBusConfiguration {

		@Bean
		static IgnoredExpEndpointsReporter ignoredExpEndpointsReporter() {
			return new IgnoredExpEndpointsReporter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnEventBusCondition.Enabled.class)
	@Import(ExpAnnotationConfiguration.class)
	static class EventBusConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ExpEventBus expEventBus(ReactiveExpApiClient reactiveExpApiClient, ExpProperties properties,
				ApplicationEventPublisher eventPublisher, ObjectProvider<ExpEventBusMetrics> metrics,
				ObjectProvider<ObservationRegistry> observationRegistry) {
			ExpEventBus.Builder builder = reactiveExpApiClient.eventBus()
				.settings(settings(properties.getEventBus()))
				.eventPublisher(eventPublisher)
				.metrics(metrics.getIfAvailable(() -> ExpEventBusMetrics.NONE))
				.observationRegistry(observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP));
			PropertyMapper map = PropertyMapper.get();
			map.from(properties::getExperience).to(builder::experience);
			map.from(properties::getLocation).to(builder::location);
			return builder.build();
		}

		private static ExpEventBusSettings settings(ExpProperties.EventBus bus) {
			ExpEventBusSettings.Builder settings = ExpEventBusSettings.builder();
			PropertyMapper map = PropertyMapper.get();
			map.from(bus::getStartTimeout).to(settings::startTimeout);
			map.from(bus::isFailOnStartTimeout).to(settings::failOnStartTimeout);
			map.from(bus::getRequestTimeout).to(settings::requestTimeout);
			map.from(bus::getConnectTimeout).to(settings::connectTimeout);
			map.from(bus::getReconnectMinBackoff).to(settings::reconnectMinBackoff);
			map.from(bus::getReconnectMaxBackoff).to(settings::reconnectMaxBackoff);
			map.from(bus::getHandlerThreads).to(settings::handlerThreads);
			map.from(bus::getHandlerQueueCapacity).to(settings::handlerQueueCapacity);
			map.from(bus::isVirtualThreads).to(settings::virtualThreads);
			map.from(bus::getMaxMessageSize).to(settings::maxMessageSize);
			map.from(bus::getHeartbeat).to(settings::heartbeat);
			map.from(bus::getHandlerTimeout).to(settings::handlerTimeout);
			map.from(bus::getShutdownTimeout).to(settings::shutdownTimeout);
			map.from(bus::isResume).to(settings::resume);
			return settings.build();
		}

	}

}
