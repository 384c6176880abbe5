package io.exp.server.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.exp.server.ExpServer;
import io.exp.server.bus.EmbeddedArtemis;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The probes over HTTP on a running server: liveness and readiness are up on a started
 * node, and readiness goes down (503) while the broker relay or the store's database is
 * down, while liveness stays up.
 */
class HealthProbesTests {

	private static final String SHOW_COMPONENTS = "management.endpoint.health.group.readiness.show-components";

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void livenessAndReadinessAreUpOnAStartedNode() throws Exception {
		try (ExpServer server = ExpServer.builder().start()) {
			assertUp(get(server, "/actuator/health/liveness"));
			assertUp(get(server, "/actuator/health/readiness"));
		}
	}

	@Test
	void readinessIsDownWhileTheBrokerRelayIsDown() throws Exception {
		int port = EmbeddedArtemis.freePort();
		EmbeddedActiveMQ artemis = EmbeddedArtemis.start(port);
		try (ExpServer server = ExpServer.builder()
			.property("exp.server.bus.relay.enabled", true)
			.property("exp.server.bus.relay.port", port)
			.property(SHOW_COMPONENTS, "always")
			.start()) {
			HttpResponse<String> ready = get(server, "/actuator/health/readiness");
			assertUp(ready);
			assertThat(ready.body()).contains("\"brokerRelay\":{\"status\":\"UP\"");
			artemis.stop();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(get(server, "/actuator/health/readiness").statusCode()).isEqualTo(503));
			assertThat(get(server, "/actuator/health/readiness").body())
				.contains("\"brokerRelay\":{\"status\":\"DOWN\"");
			assertUp(get(server, "/actuator/health/liveness"));
		}
		finally {
			artemis.stop();
		}
	}

	@Test
	void readinessIsDownWhileTheDatabaseIsDown() throws Exception {
		EmbeddedPostgres postgres = EmbeddedPostgres.start();
		try (ExpServer server = ExpServer.builder()
			.property("exp.server.store", "jdbc")
			.property("exp.server.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"))
			.property("exp.server.jdbc.username", "postgres")
			.property("exp.server.jdbc.password", "postgres")
			.property(SHOW_COMPONENTS, "always")
			.start()) {
			HttpResponse<String> ready = get(server, "/actuator/health/readiness");
			assertUp(ready);
			assertThat(ready.body()).contains("\"database\":{\"status\":\"UP\"");
			postgres.close();
			// the pool waits for a connection for its timeout (30 s) before the check
			// gives up
			await().atMost(Duration.ofSeconds(90))
				.untilAsserted(() -> assertThat(get(server, "/actuator/health/readiness").statusCode()).isEqualTo(503));
			assertUp(get(server, "/actuator/health/liveness"));
		}
		finally {
			postgres.close();
		}
	}

	private HttpResponse<String> get(ExpServer server, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(server.getUrl() + path))
			.timeout(Duration.ofSeconds(60))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static void assertUp(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		// the overall status, after the components when they are shown
		assertThat(response.body()).endsWith("\"status\":\"UP\"}");
	}

}
