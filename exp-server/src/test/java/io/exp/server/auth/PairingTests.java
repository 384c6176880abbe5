package io.exp.server.auth;

import java.util.List;
import java.util.Map;

import io.exp.server.ExpServer;
import io.exp.server.RawHttp;
import io.exp.server.ServerClient;
import io.exp.server.ServerClient.Answer;
import io.exp.server.fixture.DefaultFixture;
import io.exp.server.store.ResourceQuery;
import io.exp.server.store.ResourceStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.util.LinkedMultiValueMap;

import static io.exp.server.auth.LoginJwts.sign;
import static org.assertj.core.api.Assertions.assertThat;

class PairingTests {

	private static final String NEW_DEVICE = "d9000000-0000-4000-8000-000000000001";

	private static final String NEW_DEVICE_SECRET = "a-new-device-secret-0123456789abcdef";

	private static ExpServer server;

	private static ServerClient client;

	@BeforeAll
	static void start() {
		server = ExpServer.builder()
			.property("exp.server.pairing.enabled", true)
			.property("exp.server.pairing.max-logins-per-address", 100)
			.start();
		client = new ServerClient(server.getUrl());
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void unknownDeviceWithAllowPairingGetsAPairingIdentity() {
		JsonNode payload = pair().json();
		assertThat(payload.at("/identity/uuid").asString()).isEqualTo(NEW_DEVICE);
		assertThat(payload.at("/identity/organization").asString()).isEmpty();
		assertThat(payload.at("/identity/isPairing").asBoolean()).isTrue();
		assertThat(payload.at("/restrictions/pairing").asBoolean()).isTrue();
	}

	@Test
	void unknownDeviceWithoutAllowPairingIsRefused() {
		assertThat(LoginJwts.login(client, sign(NEW_DEVICE, "device", NEW_DEVICE_SECRET, Map.of())).status())
			.isEqualTo(401);
	}

	@Test
	void knownUuidsCannotBeClaimedByPairing() {
		Map<String, Object> allowPairing = Map.of("allowPairing", true);
		assertThat(LoginJwts.login(client, sign(DefaultFixture.DEVICE_1, "device", NEW_DEVICE_SECRET, allowPairing))
			.status()).isEqualTo(401);
		assertThat(LoginJwts.login(client, sign(DefaultFixture.CONSUMER_APP, "device", NEW_DEVICE_SECRET, allowPairing))
			.status()).isEqualTo(401);
	}

	@Test
	void pairingIdentitySeesNothingButMayRefreshItsToken() {
		JsonNode payload = pair().json();
		String token = payload.get("token").asString();
		String restricted = payload.get("restrictedToken").asString();
		for (String path : List.of("/api/devices", "/api/devices/" + NEW_DEVICE, "/api/things", "/api/experiences",
				"/api/locations", "/api/connectors/feeds", "/api/content",
				"/api/content/" + DefaultFixture.CONTENT_ROOT, "/api/data", "/api/data/cats/1", "/api/presence")) {
			assertForbidden(client.get(path, token));
		}
		assertForbidden(client.get("/api/delivery/images/logo.png?_rt=" + restricted, null));
		assertForbidden(client.get("/api/locations/" + DefaultFixture.LOCATION_1 + "/layout?_rt=" + restricted, null));
		Answer refreshed = client.send("POST", "/api/auth/token", token, null);
		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(refreshed.json().at("/identity/isPairing").asBoolean()).isTrue();
	}

	@Test
	void nothingAPairingIdentitySendsIsStored() {
		String token = pair().json().get("token").asString();
		String document = ServerClient.json(Map.of("uuid", NEW_DEVICE, "name", "planted"));
		assertForbidden(client.send("PUT", "/api/data/pairing/planted", token, ServerClient.json(Map.of("a", 1))));
		assertForbidden(client.send("POST", "/api/devices", token, document));
		assertForbidden(client.send("PATCH", "/api/devices/" + NEW_DEVICE, token, document));
		assertForbidden(client.send("POST", "/api/things", token, document));
		ResourceStore store = server.getBean(ResourceStore.class);
		for (String kind : List.of("data", "devices", "things")) {
			assertThat(
					store.find(LoginService.PAIRING_ORGANIZATION, kind, ResourceQuery.of(new LinkedMultiValueMap<>()))
						.total())
				.isZero();
		}
	}

	@Test
	void pairingLoginsAreRateLimitedPerAddress() {
		try (ExpServer limited = ExpServer.builder()
			.property("exp.server.pairing.enabled", true)
			.property("exp.server.pairing.max-logins-per-address", 2)
			.start()) {
			ServerClient other = new ServerClient(limited.getUrl());
			String token = sign(NEW_DEVICE, "device", NEW_DEVICE_SECRET, Map.of("allowPairing", true));
			assertThat(LoginJwts.login(other, token).status()).isEqualTo(200);
			assertThat(LoginJwts.login(other, token).status()).isEqualTo(200);
			RawHttp.Answer refused = new RawHttp(limited.getPort()).sendWithBody("POST", "/api/auth/login",
					ServerClient.json(Map.of("token", token)));
			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.json().get("code").asString()).isEqualTo("auth.tooManyLogins");
			assertThat(Long.parseLong(refused.headers().get("retry-after"))).isBetween(1L, 60L);
		}
	}

	private static Answer pair() {
		Answer answer = LoginJwts.login(client,
				sign(NEW_DEVICE, "device", NEW_DEVICE_SECRET, Map.of("allowPairing", true)));
		assertThat(answer.status()).isEqualTo(200);
		return answer;
	}

	private static void assertForbidden(Answer answer) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(403);
		assertThat(answer.json().get("code").asString()).isEqualTo("auth.forbidden");
		assertThat(answer.json().get("message").asString()).contains("being paired");
	}

}
