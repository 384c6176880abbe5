package io.exp.boot.test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.exp.client.annotation.ExpRespond;
import io.exp.client.api.ExpApiClient;
import io.exp.client.bus.ExpEventBus;
import io.exp.client.bus.ExpTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A responder's pending future or {@code Mono} holds no handler thread: with a single
 * one, other requests are answered meanwhile, and the pending one when its result
 * completes.
 */
@SpringBootTest(properties = { "spring.main.web-application-type=none", "exp.event-bus.handler-threads=1" })
@EmbeddedExpServer
class AsynchronousRespondersTests {

	@Autowired
	private Responders responders;

	@Autowired
	private ExpTestServer server;

	@Autowired
	private ExpApiClient api;

	private ExpEventBus device;

	@BeforeEach
	void connectDevice() {
		this.device = TestDevices.device1(this.server);
		this.device.start();
	}

	@AfterEach
	void disconnectDevice() {
		this.device.stop();
	}

	@Test
	void aPendingFutureLetsTheOnlyHandlerThreadAnswerOtherRequests() throws Exception {
		ExpTarget app = ExpTarget.uuid(this.api.getAuth().identity().uuid());
		CompletableFuture<Object> slow = this.device.organization().requestAsync("later", app, "first");
		assertThat(this.responders.pending.get(10, TimeUnit.SECONDS)).isEqualTo("first");
		assertThat(this.device.organization().request("now", app, "second")).isEqualTo("now second");
		assertThat(slow).isNotDone();
		this.responders.later.complete("later first");
		assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("later first");
	}

	@Test
	void aPendingMonoLetsTheOnlyHandlerThreadAnswerOtherRequests() throws Exception {
		ExpTarget app = ExpTarget.uuid(this.api.getAuth().identity().uuid());
		CompletableFuture<Object> slow = this.device.organization().requestAsync("later-mono", app, "first");
		assertThat(this.responders.pendingMono.get(10, TimeUnit.SECONDS)).isEqualTo("first");
		assertThat(this.device.organization().request("now", app, "second")).isEqualTo("now second");
		assertThat(slow).isNotDone();
		this.responders.laterMono.tryEmitValue("later mono");
		assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("later mono");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		Responders responders() {
			return new Responders();
		}

	}

	static class Responders {

		final CompletableFuture<String> pending = new CompletableFuture<>();

		final CompletableFuture<String> later = new CompletableFuture<>();

		final CompletableFuture<String> pendingMono = new CompletableFuture<>();

		final Sinks.One<String> laterMono = Sinks.one();

		@ExpRespond(channel = "organization", name = "later")
		CompletableFuture<String> later(String value) {
			this.pending.complete(value);
			return this.later;
		}

		@ExpRespond(channel = "organization", name = "later-mono")
		Mono<String> laterMono(String value) {
			this.pendingMono.complete(value);
			return this.laterMono.asMono();
		}

		@ExpRespond(channel = "organization", name = "now")
		String now(String value) {
			return "now " + value;
		}

	}

}
