package io.exp.server.store;

import io.exp.server.ExpServer;
import io.exp.server.ServerClient;
import io.exp.server.ServerClient.Answer;
import io.exp.server.fixture.DefaultFixture;
import io.exp.server.rest.NoErrorLogged;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input that PostgreSQL cannot hold (beyond a column's size, a NUL character, an unpaired
 * surrogate) is a JSON 400 from a server on the JDBC store, never a 500 or an error in
 * the log, and a filter PostgreSQL could not take as a number is still compared as text.
 */
class JdbcStoreBadInputTests {

	@RegisterExtension
	final NoErrorLogged noErrorLogged = new NoErrorLogged();

	private static ExpServer server;

	private static ServerClient client;

	private static String joe;

	@BeforeAll
	static void start() {
		ExpServer.Builder builder = ExpServer.builder();
		TestDatabase.clean().serverProperties().forEach(builder::property);
		server = builder.start();
		client = new ServerClient(server.getUrl());
		joe = client.tokenOf(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void aFilterBeyondPostgresNumbersIsComparedAsText() {
		assertThat(client.send("POST", "/api/devices", joe, "{\"name\": \"1E2147483647\"}").status()).isEqualTo(201);
		Answer found = client.get("/api/devices?name=1E2147483647", joe);
		assertThat(found.status()).as(found.body()).isEqualTo(200);
		assertThat(found.json().get("total").asInt()).isEqualTo(1);
		assertThat(client.get("/api/devices?name=1E-2147483648", joe).json().get("total").asInt()).isZero();
	}

	@Test
	void anIdLongerThanItsColumnIsA400() {
		String uuid = "u".repeat(501);
		assertBadRequest(client.send("POST", "/api/devices", joe, "{\"uuid\": \"" + uuid + "\"}"));
		assertBadRequest(client.get("/api/devices/" + uuid, joe));
		assertBadRequest(client.send("PUT", "/api/data/cats/" + "k".repeat(500), joe, "{}"));
	}

	@Test
	void aNulCharacterIsA400() {
		assertBadRequest(client.send("POST", "/api/devices", joe, "{\"uuid\": \"a\\u0000b\"}"));
		assertBadRequest(client.send("POST", "/api/devices", joe, "{\"name\": \"a\\u0000b\"}"));
		assertBadRequest(client.send("POST", "/api/devices", joe, "{\"tags\": [{\"a\\u0000b\": 1}]}"));
		assertBadRequest(client.send("PUT", "/api/data/cats/nul", joe, "{\"name\": \"a\\u0000b\"}"));
		assertBadRequest(
				client.send("PATCH", "/api/devices/" + DefaultFixture.DEVICE_1, joe, "{\"name\": \"\\u0000\"}"));
	}

	@Test
	void anUnpairedSurrogateIsA400() {
		assertBadRequest(client.send("POST", "/api/devices", joe, "{\"uuid\": \"\\uD800\"}"));
		assertBadRequest(client.send("POST", "/api/devices", joe, "{\"name\": \"\\uD800\"}"));
		assertThat(client.get("/api/devices/" + DefaultFixture.DEVICE_1, joe).status()).isEqualTo(200);
	}

	private static void assertBadRequest(Answer answer) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(400);
		assertThat(answer.json().get("status").asInt()).isEqualTo(400);
		assertThat(answer.json().get("code").asString()).isEqualTo("request.invalid");
	}

}
