package io.exp.server.auth;

import java.util.Map;

import io.exp.server.ExpServer;
import io.exp.server.RawHttp;
import io.exp.server.ServerClient;
import io.exp.server.fixture.DefaultFixture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class PublicUrlTests {

	private static final String JOE = ServerClient
		.json(Map.of("username", DefaultFixture.JOE, "password", DefaultFixture.JOE_PASSWORD, "organization", "exp"));

	@Test
	void forgedHostHeaderDoesNotChangeTheHostsOfThePayloadWhenThePublicUrlIsSet() {
		try (ExpServer server = ExpServer.builder()
			.property("exp.server.public-url", "https://exp.example.com/")
			.start()) {
			JsonNode login = loginWithHost(server, "evil.example.net").json();
			assertThat(login.at("/api/host").asString()).isEqualTo("https://exp.example.com");
			assertThat(login.at("/network/host").asString()).isEqualTo("wss://exp.example.com/eventbus");
			RawHttp.Answer refresh = new RawHttp(server.getPort()).sendWithBody("POST", "/api/auth/token", "",
					"Host: evil.example.net", "Authorization: Bearer " + login.get("token").asString());
			assertThat(refresh.json().at("/api/host").asString()).isEqualTo("https://exp.example.com");
		}
	}

	@Test
	void withoutAPublicUrlTheHostsComeFromTheRequest() {
		try (ExpServer server = ExpServer.builder().start()) {
			JsonNode login = loginWithHost(server, "exp.local:8080").json();
			assertThat(login.at("/api/host").asString()).isEqualTo("http://exp.local:8080");
			assertThat(login.at("/network/host").asString()).isEqualTo("ws://exp.local:8080/eventbus");
		}
	}

	@Test
	void publicUrlThatIsNotAnHttpUrlStopsTheStartWithAMessageNamingIt() {
		assertThatException()
			.isThrownBy(() -> ExpServer.builder().property("exp.server.public-url", "exp.example.com").start())
			.satisfies((ex) -> assertThat(rootCause(ex).getMessage()).contains("exp.server.public-url"));
	}

	private static RawHttp.Answer loginWithHost(ExpServer server, String host) {
		RawHttp.Answer response = new RawHttp(server.getPort()).sendWithBody("POST", "/api/auth/login", JOE,
				"Host: " + host);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response;
	}

	private static Throwable rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
