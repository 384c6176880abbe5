package io.exp.client.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.exp.client.ExpApiException;
import io.exp.client.ExpConnectionException;
import io.exp.client.ExpException;
import io.exp.client.ExpTimeoutException;
import io.exp.client.auth.ExpCredentials;
import io.exp.server.ExpServer;
import io.exp.server.fixture.DefaultFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Failures of the network and the server. A tiny JDK HTTP server plays the failing server
 * where the real one cannot fail on purpose (timeouts, 503); it answers logins like EXP
 * does.
 */
class ApiErrorTests {

	private HttpServer failing;

	private final AtomicInteger deviceCalls = new AtomicInteger();

	private volatile int deviceStatus = 503;

	private volatile Duration deviceDelay = Duration.ZERO;

	@BeforeEach
	void startFailingServer() throws IOException {
		this.failing = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		this.failing.createContext("/api/auth/login",
				(exchange) -> answer(exchange, 200,
						"{\"token\":\"t\",\"expiration\":" + (System.currentTimeMillis() + 3_600_000)
								+ ",\"identity\":{\"uuid\":\"u\",\"type\":\"user\",\"organization\":\"exp\"},"
								+ "\"api\":{\"host\":\"http://localhost\"},\"network\":{\"host\":\"ws://localhost\"},"
								+ "\"restrictedToken\":\"r\",\"restrictions\":{}}"));
		this.failing.createContext("/api/devices", (exchange) -> {
			this.deviceCalls.incrementAndGet();
			try {
				Thread.sleep(this.deviceDelay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			answer(exchange, this.deviceStatus,
					"{\"code\":\"busy\",\"message\":\"try later\",\"status\":" + this.deviceStatus + "}");
		});
		this.failing.setExecutor(Executors.newCachedThreadPool());
		this.failing.start();
	}

	@AfterEach
	void stopFailingServer() {
		this.failing.stop(0);
	}

	private ExpApiClient client(String baseUrl, ExpApiSettings settings) {
		return new ExpApiClient(ReactiveExpApiClient.builder()
			.baseUrl(baseUrl)
			.credentials(ExpCredentials.user(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp"))
			.settings(settings)
			.build());
	}

	private String failingUrl() {
		return "http://localhost:" + this.failing.getAddress().getPort();
	}

	@Test
	void idempotentCallsAreRetriedOnServiceUnavailable() {
		ExpApiClient api = client(failingUrl(), new ExpApiSettings(Duration.ofSeconds(5), 2, Duration.ofMillis(10)));
		assertThatExceptionOfType(ExpApiException.class).isThrownBy(() -> api.getDevice("x"))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(503));
		assertThat(this.deviceCalls).hasValue(3);
	}

	@Test
	void postIsNeverRetried() {
		ExpApiClient api = client(failingUrl(), new ExpApiSettings(Duration.ofSeconds(5), 2, Duration.ofMillis(10)));
		assertThatExceptionOfType(ExpApiException.class).isThrownBy(() -> api.createDevice(Map.of("name", "x")));
		assertThat(this.deviceCalls).hasValue(1);
	}

	@Test
	void clientErrorsAreNotRetried() {
		this.deviceStatus = 400;
		ExpApiClient api = client(failingUrl(), new ExpApiSettings(Duration.ofSeconds(5), 2, Duration.ofMillis(10)));
		assertThatExceptionOfType(ExpApiException.class).isThrownBy(() -> api.findDevices())
			.withMessageContaining("try later");
		assertThat(this.deviceCalls).hasValue(1);
	}

	@Test
	void aSlowAnswerGivesADistinctTimeoutException() {
		this.deviceDelay = Duration.ofSeconds(3);
		ExpApiClient api = client(failingUrl(), new ExpApiSettings(Duration.ofMillis(300), 0, Duration.ofMillis(10)));
		assertThatExceptionOfType(ExpTimeoutException.class).isThrownBy(() -> api.findDevices())
			.withMessageContaining("/api/devices");
	}

	@Test
	void connectionRefusedNamesHostAndPort() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		ExpApiClient api = client("http://localhost:" + closedPort,
				new ExpApiSettings(Duration.ofSeconds(2), 1, Duration.ofMillis(10)));
		assertThatExceptionOfType(ExpException.class).isThrownBy(() -> api.findDevices())
			.withMessageContaining("localhost")
			.withMessageContaining(String.valueOf(closedPort));
		assertThatExceptionOfType(ExpConnectionException.class).isThrownBy(() -> api.reactive().getDevice("x").block());
	}

	@Test
	void blockingCallOnANonBlockingThreadFailsClearly() {
		try (ExpServer server = ExpServer.builder().start()) {
			ExpApiClient api = client(server.getUrl(), ExpApiSettings.DEFAULTS);
			String outcome = Mono.fromCallable(() -> api.findDevices().size() + " devices")
				.subscribeOn(Schedulers.parallel())
				.onErrorResume(IllegalStateException.class, (ex) -> Mono.just("refused: " + ex.getMessage()))
				.block();
			assertThat(outcome).startsWith("refused:").contains("non-blocking thread");
			assertThat(api.findDevices()).isNotEmpty();
		}
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

}
