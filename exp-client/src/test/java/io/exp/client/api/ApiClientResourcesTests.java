package io.exp.client.api;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.exp.client.auth.ExpCredentials;
import io.exp.server.ExpServer;
import io.exp.server.fixture.DefaultFixture;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client built without Spring Boot owns its HTTP threads and ends them when closed; one
 * built from a {@code WebClient.Builder} uses that builder's.
 */
class ApiClientResourcesTests {

	private static final ExpCredentials JOE = ExpCredentials.user(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD,
			"exp");

	@Test
	void closingAClientBuiltWithoutAWebClientBuilderEndsItsHttpThreads() {
		try (ExpServer server = ExpServer.builder().start()) {
			Set<Thread> before = httpThreads();
			ExpApiClient api = new ExpApiClient(
					ReactiveExpApiClient.builder().baseUrl(server.getUrl()).credentials(JOE).build());
			assertThat(api.findDevices(Map.of("limit", 1))).isNotEmpty();
			Set<Thread> own = httpThreads();
			own.removeAll(before);
			assertThat(own).isNotEmpty();
			api.close();
			await().atMost(Duration.ofSeconds(10)).until(() -> own.stream().noneMatch(Thread::isAlive));
		}
	}

	@Test
	void aClientBuiltFromAWebClientBuilderMakesNoHttpThreadsOfItsOwn() {
		try (ExpServer server = ExpServer.builder().start()) {
			Set<Thread> before = httpThreads();
			try (ExpApiClient api = new ExpApiClient(ReactiveExpApiClient.builder()
				.baseUrl(server.getUrl())
				.credentials(JOE)
				.webClientBuilder(WebClient.builder())
				.build())) {
				assertThat(api.findDevices(Map.of("limit", 1))).isNotEmpty();
				Set<Thread> own = httpThreads();
				own.removeAll(before);
				assertThat(own).isEmpty();
			}
		}
	}

	private static Set<Thread> httpThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith("exp-http"))
			.collect(Collectors.toSet());
	}

}
