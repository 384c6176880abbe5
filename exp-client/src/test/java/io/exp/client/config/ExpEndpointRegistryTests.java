package io.exp.client.config;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.exp.client.ExpRequestException;
import io.exp.client.api.ReactiveExpApiClient;
import io.exp.client.auth.ExpCredentials;
import io.exp.client.bus.ExpEventBus;
import io.exp.client.bus.ExpEventBusSettings;
import io.exp.client.bus.ExpTarget;
import io.exp.server.ExpServer;
import io.exp.server.fixture.DefaultFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Annotated endpoints without Spring Boot: the mapper given to the API client's builder
 * converts their payloads, and a responder's result that does not complete in time is
 * answered with {@code responder.failed}.
 */
class ExpEndpointRegistryTests {

	private static final String DEVICE_1 = DefaultFixture.DEVICE_1;

	private static ExpServer server;

	private static ReactiveExpApiClient appApi;

	private static ExpEventBus app;

	private static ExpEventBus device;

	private static ExpEndpointRegistry registry;

	private static final Endpoints endpoints = new Endpoints();

	@BeforeAll
	static void start() {
		server = ExpServer.builder().start();
		JsonMapper snakeCase = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
		appApi = ReactiveExpApiClient.builder()
			.baseUrl(server.getUrl())
			.credentials(ExpCredentials.user(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp"))
			.jsonMapper(snakeCase)
			.build();
		app = appApi.eventBus()
			.settings(ExpEventBusSettings.builder().handlerTimeout(Duration.ofMillis(300)).build())
			.build();
		device = ReactiveExpApiClient.builder()
			.baseUrl(server.getUrl())
			.credentials(ExpCredentials.device(DEVICE_1, DefaultFixture.DEVICE_1_SECRET, false))
			.build()
			.eventBus()
			.build();
		app.start();
		device.start();
		registry = new ExpEndpointRegistry(() -> app);
		registry.register(endpoint(ExpEndpoint.Kind.LISTEN, "reading", "reading"));
		registry.register(endpoint(ExpEndpoint.Kind.RESPOND, "never", "never"));
		registry.register(endpoint(ExpEndpoint.Kind.RESPOND, "neverMono", "never-mono"));
		registry.start();
	}

	@AfterAll
	static void stop() {
		registry.stop();
		app.stop();
		device.stop();
		appApi.close();
		server.close();
	}

	private static ExpEndpoint endpoint(ExpEndpoint.Kind kind, String methodName, String name) {
		Method method = ReflectionUtils.findMethod(Endpoints.class, methodName, (Class<?>[]) null);
		return new ExpEndpoint(kind, endpoints, "endpoints", method, "organization", null, false, false, name);
	}

	record Reading(String sensorName, int valueCount) {
	}

	@Test
	void theBusTakesTheApiClientsMapperUnlessGivenItsOwn() {
		JsonMapper own = JsonMapper.builder().build();
		ReactiveExpApiClient api = ReactiveExpApiClient.builder()
			.credentials(ExpCredentials.user(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp"))
			.build();
		assertThat(api.eventBus().build().getJsonMapper()).isSameAs(api.getJsonMapper());
		assertThat(api.eventBus().jsonMapper(own).build().getJsonMapper()).isSameAs(own);
		assertThat(app.getJsonMapper()).isNotSameAs(device.getJsonMapper());
		api.close();
	}

	@Test
	void anAnnotatedListenerConvertsWithTheBuildersMapper() throws Exception {
		device.organization().broadcast("reading", Map.of("sensor_name", "hall", "value_count", 3));
		assertThat(endpoints.readings.poll(10, TimeUnit.SECONDS)).isEqualTo(new Reading("hall", 3));
	}

	@Test
	void aFutureThatDoesNotCompleteInTimeIsAnsweredWithResponderFailed() {
		ExpTarget target = ExpTarget.uuid(appApi.auth().block().identity().uuid());
		assertThatExceptionOfType(ExpRequestException.class)
			.isThrownBy(() -> device.organization().request("never", target, null))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo("responder.failed"))
			.withMessageContaining("did not complete within PT0.3S");
		assertThatExceptionOfType(ExpRequestException.class)
			.isThrownBy(() -> device.organization().request("never-mono", target, null))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo("responder.failed"))
			.withMessageContaining("did not complete within PT0.3S");
	}

	static class Endpoints {

		final BlockingQueue<Reading> readings = new LinkedBlockingQueue<>();

		void reading(Reading reading) {
			this.readings.add(reading);
		}

		CompletableFuture<String> never() {
			return new CompletableFuture<>();
		}

		Mono<String> neverMono() {
			return Mono.never();
		}

	}

}
