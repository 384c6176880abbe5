package io.exp.server.store;

import java.util.Map;

import io.exp.server.ExpServer;
import io.exp.server.ServerClient;
import io.exp.server.auth.TokenService;
import io.exp.server.fixture.DefaultFixture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server nodes on one PostgreSQL database with one signing key answer the same REST
 * calls with the same data, and accept each other's tokens.
 */
class TwoNodesSharingADatabaseTests {

	@Test
	void aResourceCreatedOnOneNodeIsReadAndChangedOnTheOther() {
		String key = TokenService.randomKey();
		ExpServer.Builder node = ExpServer.builder().property("exp.server.signing-key", key);
		TestDatabase.clean().serverProperties().forEach(node::property);
		try (ExpServer a = node.start(); ExpServer b = node.start()) {
			ServerClient onA = new ServerClient(a.getUrl());
			ServerClient onB = new ServerClient(b.getUrl());
			String token = onA.tokenOf(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp");
			String uuid = onA.send("POST", "/api/devices", token, ServerClient.json(Map.of("name", "Shared")))
				.json()
				.get("uuid")
				.asString();
			assertThat(onB.get("/api/devices/" + uuid, token).json().get("name").asString()).isEqualTo("Shared");
			onB.send("PATCH", "/api/devices/" + uuid, token, ServerClient.json(Map.of("name", "Changed on B")));
			assertThat(onA.get("/api/devices/" + uuid, token).json().get("name").asString()).isEqualTo("Changed on B");
			assertThat(onB.get("/api/devices?location.zones.key=lobby", token).json().get("total").asInt())
				.isEqualTo(1);
			String ann = onB.tokenOf(DefaultFixture.ANN, DefaultFixture.ANN_PASSWORD, "acme");
			assertThat(onA.get("/api/devices/" + uuid, ann).status()).isEqualTo(404);
		}
	}

}
