package io.exp.server.rest;

import java.util.Map;

import io.exp.server.ExpServer;
import io.exp.server.ServerClient;
import io.exp.server.fixture.DefaultFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Org isolation is a security boundary: a user of {@code acme} can neither see nor change
 * what {@code exp} owns, whichever way it asks.
 */
class OrganizationIsolationTests {

	private static ExpServer server;

	private static ServerClient client;

	private static String ann;

	private static String joe;

	@BeforeAll
	static void start() {
		server = ExpServer.builder().start();
		client = new ServerClient(server.getUrl());
		ann = client.tokenOf(DefaultFixture.ANN, DefaultFixture.ANN_PASSWORD, "acme");
		joe = client.tokenOf(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void anotherOrganizationsResourcesAreNotFoundByUuid() {
		assertThat(client.get("/api/devices/" + DefaultFixture.DEVICE_1, ann).status()).isEqualTo(404);
		assertThat(client.get("/api/locations/" + DefaultFixture.LOCATION_1, ann).status()).isEqualTo(404);
		assertThat(client.get("/api/content/" + DefaultFixture.CONTENT_ROOT, ann).status()).isEqualTo(404);
		assertThat(client.get("/api/data/cats/1", ann).status()).isEqualTo(404);
	}

	@Test
	void queriesOnlyReturnTheCallersOrganization() {
		assertThat(client.get("/api/devices?uuid=" + DefaultFixture.DEVICE_1, ann).json().get("total").asInt())
			.isZero();
		assertThat(client.get("/api/devices", ann).json().get("total").asInt()).isEqualTo(1);
		assertThat(client.get("/api/data?group=cats", ann).json().get("total").asInt()).isZero();
	}

	@Test
	void anotherOrganizationsResourcesCannotBeChangedOrDeleted() {
		String patch = ServerClient.json(Map.of("name", "Hacked"));
		assertThat(client.send("PATCH", "/api/devices/" + DefaultFixture.DEVICE_1, ann, patch).status()).isEqualTo(404);
		assertThat(client.send("DELETE", "/api/devices/" + DefaultFixture.DEVICE_1, ann, null).status()).isEqualTo(404);
		assertThat(client.send("DELETE", "/api/data/cats/1", ann, null).status()).isEqualTo(404);
		assertThat(client.get("/api/devices/" + DefaultFixture.DEVICE_1, joe).json().get("name").asString())
			.isEqualTo("Lobby Display");
		assertThat(client.get("/api/data/cats/1", joe).status()).isEqualTo(200);
	}

	@Test
	void creatingWithAnotherOrganizationsUuidMakesAnIndependentResource() {
		String body = ServerClient.json(Map.of("uuid", DefaultFixture.THING_1, "name", "Acme copy"));
		assertThat(client.send("POST", "/api/things", ann, body).status()).isEqualTo(201);
		assertThat(client.get("/api/things/" + DefaultFixture.THING_1, joe).json().get("name").asString())
			.isEqualTo("Beacon");
	}

	@Test
	void writingDataWithTheSameGroupAndKeyDoesNotTouchTheOtherOrganization() {
		client.send("PUT", "/api/data/cats/1", ann, ServerClient.json(Map.of("name", "acme cat")));
		assertThat(client.get("/api/data/cats/1", joe).json().at("/value/name").asString()).isEqualTo("fluffy");
	}

	@Test
	void anotherOrganizationsFilesAreNotDelivered() {
		String annRt = client.login(DefaultFixture.ANN, DefaultFixture.ANN_PASSWORD, "acme")
			.json()
			.get("restrictedToken")
			.asString();
		assertThat(client.get("/api/delivery/images/logo.png?_rt=" + annRt, null).status()).isEqualTo(404);
		assertThat(client.get("/api/locations/" + DefaultFixture.LOCATION_1 + "/layout?_rt=" + annRt, null).status())
			.isEqualTo(404);
	}

}
