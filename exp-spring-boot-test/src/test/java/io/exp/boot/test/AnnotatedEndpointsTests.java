package io.exp.boot.test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.exp.client.ExpRequestException;
import io.exp.client.annotation.ExpListen;
import io.exp.client.annotation.ExpRespond;
import io.exp.client.api.ExpApiClient;
import io.exp.client.bus.ExpEventBus;
import io.exp.client.bus.ExpMessage;
import io.exp.client.bus.ExpTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code @ExpListen} and {@code @ExpRespond} end to end, against the embedded server; a
 * device bus built in the test plays the other side.
 */
@SpringBootTest(properties = { "spring.main.web-application-type=none", "greeting.name=Hi!",
		"exp.event-bus.reconnect-min-backoff=100ms", "exp.event-bus.reconnect-max-backoff=500ms" })
@EmbeddedExpServer
class AnnotatedEndpointsTests {

	@Autowired
	private Endpoints endpoints;

	@Autowired
	private ExpTestServer server;

	@Autowired
	private ExpEventBus appBus;

	@Autowired
	private ExpApiClient api;

	private ExpEventBus device;

	@BeforeEach
	void connectDevice() {
		this.device = TestDevices.device1(this.server);
		this.device.start();
		this.endpoints.received.clear();
	}

	@AfterEach
	void disconnectDevice() {
		this.device.stop();
	}

	record Greeting(String text, int count) {
	}

	@Test
	void listenerGetsTheTypedPayloadWithAPlaceholderName() throws Exception {
		this.device.organization().broadcast("Hi!", Map.of("text", "hello", "count", 3));
		assertThat(this.endpoints.received.poll(10, TimeUnit.SECONDS)).isEqualTo(new Greeting("hello", 3));
	}

	@Test
	void listenerGetsAMapAndTheRawMessage() throws Exception {
		this.device.organization().broadcast("raw", Map.of("a", 1));
		assertThat(this.endpoints.received.poll(10, TimeUnit.SECONDS))
			.isEqualTo(Map.of("a", 1) + " from " + ExpFixture.DEVICE_1);
	}

	@Test
	void listenerOnACustomChannelNamedBySpelGetsAJsonNode() throws Exception {
		this.device.channel("custom-channel").broadcast("json", Map.of("x", "y"));
		Object received = this.endpoints.received.poll(10, TimeUnit.SECONDS);
		assertThat(received).isInstanceOf(JsonNode.class);
		assertThat(((JsonNode) received).get("x").asString()).isEqualTo("y");
	}

	@Test
	void respondersAnswerWithValuesOptionalsFuturesAndMonos() {
		ExpTarget app = ExpTarget.uuid(this.api.getAuth().identity().uuid());
		assertThat(this.device.organization().request("double", app, 21)).isEqualTo(42);
		assertThat(this.device.organization().request("optional", app, "x")).isEqualTo("present x");
		assertThat(this.device.organization().request("optional", app, "")).isNull();
		assertThat(this.device.organization().request("future", app, "f")).isEqualTo("future f");
		assertThat(this.device.organization().request("mono", app, "m")).isEqualTo("mono m");
	}

	@Test
	void aThrowingResponderAndAnUnconvertiblePayloadAnswerWithErrors() {
		ExpTarget app = ExpTarget.uuid(this.api.getAuth().identity().uuid());
		assertThatExceptionOfType(ExpRequestException.class)
			.isThrownBy(() -> this.device.organization().request("fails", app, null))
			.withMessageContaining("broken on purpose");
		assertThatExceptionOfType(ExpRequestException.class)
			.isThrownBy(() -> this.device.organization().request("double", app, "not a number"))
			.withMessageContaining("cannot be converted");
	}

	@Test
	void endpointsAreRestoredAfterTheServerRestarts() throws Exception {
		this.server.stop();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.appBus.isConnected());
		this.server.start();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.appBus.isConnected() && this.device.isConnected());
		this.device.organization().broadcast("Hi!", Map.of("text", "again", "count", 1));
		assertThat(this.endpoints.received.poll(10, TimeUnit.SECONDS)).isEqualTo(new Greeting("again", 1));
		assertThat(this.endpoints.received.poll(500, TimeUnit.MILLISECONDS)).isNull();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		Endpoints endpoints() {
			return new Endpoints();
		}

	}

	static class Endpoints {

		final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

		@ExpListen(channel = "organization", name = "${greeting.name}")
		void greeting(Greeting greeting) {
			this.received.add(greeting);
		}

		@ExpListen(channel = "organization", name = "raw")
		void raw(Map<String, Object> payload, ExpMessage message) {
			this.received.add(payload + " from " + message.getSenderUuid());
		}

		@ExpListen(customChannel = "#{'custom-' + 'channel'}", name = "json")
		void json(JsonNode payload) {
			this.received.add(payload);
		}

		@ExpRespond(channel = "organization", name = "double")
		int twice(int value) {
			return value * 2;
		}

		@ExpRespond(channel = "organization", name = "optional")
		Optional<String> optional(String value) {
			return value.isEmpty() ? Optional.empty() : Optional.of("present " + value);
		}

		@ExpRespond(channel = "organization", name = "future")
		CompletableFuture<String> future(String value) {
			return CompletableFuture.supplyAsync(() -> "future " + value);
		}

		@ExpRespond(channel = "organization", name = "mono")
		Mono<String> mono(String value) {
			return Mono.just("mono " + value);
		}

		@ExpRespond(channel = "organization", name = "fails")
		String fails() {
			throw new IllegalStateException("broken on purpose");
		}

	}

}
