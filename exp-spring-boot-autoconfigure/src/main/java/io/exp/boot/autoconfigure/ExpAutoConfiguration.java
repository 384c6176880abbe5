package io.exp.boot.autoconfigure;

import io.exp.client.annotation.ExpAnnotationConfiguration;
import io.exp.client.api.ExpApiClient;
import io.exp.client.api.ExpApiSettings;
import io.exp.client.api.ReactiveExpApiClient;
import io.exp.client.bus.ExpEventBus;
import io.exp.client.bus.ExpEventBusMetrics;
import io.exp.client.bus.ExpEventBusSettings;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Auto-configures the EXP API client (blocking and reactive), the event bus with its life cycle, and
 * {@code @ExpListen} / {@code @ExpRespond} methods. Every bean backs off when the application defines its own.
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
	 * The API client, on the context's HTTP resources: its {@code WebClient.Builder} (codecs, connector,
	 * observation), otherwise its {@code ReactorResourceFactory}; with neither, the client makes its own, which the
	 * context closes with the bean. It and the event bus use the context's {@code JsonMapper} (Boot's, with its
	 * {@code spring.jackson.*} properties and {@code JsonMapperBuilderCustomizer}s) when there is one.
	 */
	@Bean
	@ConditionalOnMissingBean
	ReactiveExpApiClient reactiveExpApiClient(ExpConnectionDetails connectionDetails, ExpProperties properties,
			ObjectProvider<WebClient.Builder> webClientBuilder, ObjectProvider<ReactorResourceFactory> resourceFactory,
			ObjectProvider<JsonMapper> jsonMapper) {
		ExpProperties.Api api = properties.getApi();
		ReactiveExpApiClient.Builder builder = ReactiveExpApiClient.builder()
			.baseUrl(connectionDetails.getBaseUrl())
			.credentials(connectionDetails.getCredentials())
			.settings(new ExpApiSettings(api.getTimeout(), api.getMaxRetries(), api.getRetryBackoff()));
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
	@ConditionalOnProperty(prefix = "exp", name = "enable-event-bus", havingValue = "false")
	static class DisabledEventBusConfiguration {

		@Bean
		static IgnoredExpEndpointsReporter ignoredExpEndpointsReporter() {
			return new IgnoredExpEndpointsReporter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "exp", name = "enable-event-bus", havingValue = "true", matchIfMissing = true)
	@Import(ExpAnnotationConfiguration.class)
	static class EventBusConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ExpEventBus expEventBus(ReactiveExpApiClient reactiveExpApiClient, ExpProperties properties,
				ApplicationEventPublisher eventPublisher, ObjectProvider<ExpEventBusMetrics> metrics) {
			ExpProperties.EventBus bus = properties.getEventBus();
			ExpEventBusSettings settings = new ExpEventBusSettings(bus.getStartTimeout(), bus.isFailOnStartTimeout(),
					bus.getRequestTimeout(), bus.getConnectTimeout(), bus.getReconnectMinBackoff(),
					bus.getReconnectMaxBackoff(), bus.getHandlerThreads(), bus.getHandlerQueueCapacity(),
					bus.isVirtualThreads(), bus.getMaxMessageSize(), bus.getHeartbeat());
			ExpEventBus.Builder builder = ExpEventBus.builder(reactiveExpApiClient)
				.settings(settings)
				.eventPublisher(eventPublisher)
				.metrics(metrics.getIfAvailable(() -> ExpEventBusMetrics.NONE));
			String experience = properties.getExperience();
			if (experience != null) {
				builder.experience(experience);
			}
			String location = properties.getLocation();
			if (location != null) {
				builder.location(location);
			}
			return builder.build();
		}

	}

}
