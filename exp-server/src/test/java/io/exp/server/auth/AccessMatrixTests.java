package io.exp.server.auth;

import java.util.Map;

import io.exp.server.ExpServer;
import io.exp.server.ServerClient;
import io.exp.server.ServerClient.Answer;
import io.exp.server.fixture.DefaultFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.exp.server.auth.LoginJwts.sign;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What devices and consumer apps may do over REST, as {@link AccessMatrixInterceptor}
 * tabulates it.
 */
class AccessMatrixTests {

	private static final String DOCUMENT = ServerClient.json(Map.of("name", "changed"));

	private static ExpServer server;

	private static ServerClient client;

	private static JsonNode device;

	private static JsonNode consumerApp;

	@BeforeAll
	static void start() {
		server = ExpServer.builder().start();
		client = new ServerClient(server.getUrl());
		device = LoginJwts
			.login(client, sign(DefaultFixture.DEVICE_1, "device", DefaultFixture.DEVICE_1_SECRET, Map.of()))
			.json();
		consumerApp = LoginJwts
			.login(client, sign(DefaultFixture.CONSUMER_APP, "consumerApp", DefaultFixture.CONSUMER_APP_KEY, Map.of()))
			.json();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void deviceReadsItsOrganization() {
		String token = device.get("token").asString();
		for (String path : new String[] { "/api/devices", "/api/devices/" + DefaultFixture.DEVICE_2, "/api/things",
				"/api/things/" + DefaultFixture.THING_1, "/api/experiences/" + DefaultFixture.EXPERIENCE_1,
				"/api/locations/" + DefaultFixture.LOCATION_1, "/api/connectors/feeds/" + DefaultFixture.FEED_1,
				"/api/connectors/feeds/" + DefaultFixture.FEED_1 + "/data",
				"/api/content/" + DefaultFixture.CONTENT_ROOT,
				"/api/content/" + DefaultFixture.CONTENT_ROOT + "/children", "/api/data", "/api/data/cats/1",
				"/api/presence" }) {
			assertThat(client.get(path, token).status()).as(path).isEqualTo(200);
		}
		assertDownloadsAllowed(device);
	}

	@Test
	void deviceChangesItsOwnDocumentAndDataOnly() {
		String token = device.get("token").asString();
		assertThat(client.send("PATCH", "/api/devices/" + DefaultFixture.DEVICE_1, token, DOCUMENT).status())
			.isEqualTo(200);
		assertThat(client.send("PUT", "/api/data/device/written", token, DOCUMENT).status()).isEqualTo(200);
		assertThat(client.send("DELETE", "/api/data/device/written", token, null).status()).isEqualTo(204);
		assertForbidden(client.send("PATCH", "/api/devices/" + DefaultFixture.DEVICE_2, token, DOCUMENT), "device");
		assertForbidden(client.send("DELETE", "/api/devices/" + DefaultFixture.DEVICE_1, token, null), "device");
		assertForbidden(client.send("POST", "/api/devices", token, DOCUMENT), "device");
		assertForbidden(client.send("POST", "/api/things", token, DOCUMENT), "device");
		assertForbidden(client.send("PATCH", "/api/experiences/" + DefaultFixture.EXPERIENCE_1, token, DOCUMENT),
				"device");
		assertForbidden(client.send("DELETE", "/api/locations/" + DefaultFixture.LOCATION_1, token, null), "device");
		assertForbidden(client.send("POST", "/api/connectors/feeds", token, DOCUMENT), "device");
		assertForbidden(client.send("PATCH", "/api/connectors/feeds/" + DefaultFixture.FEED_1, token, DOCUMENT),
				"device");
	}

	@Test
	void consumerAppReadsContentExperiencesLocationsAndDataOnly() {
		String token = consumerApp.get("token").asString();
		for (String path : new String[] { "/api/experiences", "/api/experiences/" + DefaultFixture.EXPERIENCE_1,
				"/api/locations", "/api/locations/" + DefaultFixture.LOCATION_1, "/api/content",
				"/api/content/" + DefaultFixture.CONTENT_ROOT + "/children", "/api/data", "/api/data/cats/1" }) {
			assertThat(client.get(path, token).status()).as(path).isEqualTo(200);
		}
		assertDownloadsAllowed(consumerApp);
		for (String path : new String[] { "/api/devices", "/api/devices/" + DefaultFixture.DEVICE_1, "/api/things",
				"/api/connectors/feeds", "/api/connectors/feeds/" + DefaultFixture.FEED_1 + "/data",
				"/api/presence" }) {
			assertForbidden(client.get(path, token), "consumer app");
		}
	}

	@Test
	void consumerAppChangesNothing() {
		String token = consumerApp.get("token").asString();
		assertForbidden(client.send("PUT", "/api/data/app/written", token, DOCUMENT), "consumer app");
		assertForbidden(client.send("DELETE", "/api/data/cats/1", token, null), "consumer app");
		assertForbidden(client.send("POST", "/api/experiences", token, DOCUMENT), "consumer app");
		assertForbidden(client.send("PATCH", "/api/locations/" + DefaultFixture.LOCATION_1, token, DOCUMENT),
				"consumer app");
		assertForbidden(client.send("PATCH", "/api/devices/" + DefaultFixture.CONSUMER_APP, token, DOCUMENT),
				"consumer app");
		assertThat(client.get("/api/data/app/written", token).status()).isEqualTo(404);
	}

	@Test
	void devicesAndConsumerAppsRefreshTheirTokens() {
		for (JsonNode payload : new JsonNode[] { device, consumerApp }) {
			assertThat(client.send("POST", "/api/auth/token", payload.get("token").asString(), null).status())
				.isEqualTo(200);
		}
	}

	private static void assertDownloadsAllowed(JsonNode payload) {
		String restricted = payload.get("restrictedToken").asString();
		assertThat(client.get("/api/delivery/images/logo.png?_rt=" + restricted, null).status()).isEqualTo(200);
		assertThat(
				client.get("/api/locations/" + DefaultFixture.LOCATION_1 + "/layout?_rt=" + restricted, null).status())
			.isEqualTo(200);
	}

	private static void assertForbidden(Answer answer, String caller) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(403);
		assertThat(answer.json().get("code").asString()).isEqualTo("auth.forbidden");
		assertThat(answer.json().get("message").asString()).startsWith("A " + caller + " may");
	}

}
