package io.exp.server.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.exp.server.ExpServer;
import io.exp.server.Fixtures;
import io.exp.server.ServerClient;
import io.exp.server.ServerClient.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AuthenticationTests {

	private static ExpServer server;

	private static ServerClient client;

	@BeforeAll
	static void start() {
		server = ExpServer.builder().tokenLifetime(Duration.ofSeconds(2)).start();
		client = new ServerClient(server.getUrl());
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void userLoginAnswersTheAuthPayload() {
		Answer answer = client.login(Fixtures.JOE, Fixtures.JOE_PASSWORD, "exp");
		assertThat(answer.status()).isEqualTo(200);
		JsonNode payload = answer.json();
		assertThat(payload.get("token").asString()).isNotBlank();
		assertThat(payload.get("restrictedToken").asString()).isNotBlank();
		assertThat(payload.get("expiration").asLong()).isGreaterThan(System.currentTimeMillis());
		assertThat(payload.at("/identity/type").asString()).isEqualTo("user");
		assertThat(payload.at("/identity/organization").asString()).isEqualTo("exp");
		assertThat(payload.at("/identity/username").asString()).isEqualTo(Fixtures.JOE);
		assertThat(payload.at("/api/host").asString()).isEqualTo(server.getUrl());
		assertThat(payload.at("/network/host").asString()).isEqualTo("ws://localhost:" + server.getPort() + "/eventbus");
	}

	@Test
	void payloadExpirationIsExactlyTheExpirationOfTheToken() throws Exception {
		JsonNode payload = client.login(Fixtures.JOE, Fixtures.JOE_PASSWORD, "exp").json();
		Date tokenExpiration = SignedJWT.parse(payload.get("token").asString()).getJWTClaimsSet().getExpirationTime();
		Date restrictedExpiration = SignedJWT.parse(payload.get("restrictedToken").asString())
			.getJWTClaimsSet()
			.getExpirationTime();
		assertThat(payload.get("expiration").asLong()).isEqualTo(tokenExpiration.getTime())
			.isEqualTo(restrictedExpiration.getTime());
	}

	@Test
	void wrongPasswordIsRefusedWithoutEchoingIt() {
		Answer answer = client.login(Fixtures.JOE, "wrong-password-42", "exp");
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.json().get("code").asString()).isEqualTo("auth.invalidCredentials");
		assertThat(answer.body()).doesNotContain("wrong-password-42");
	}

	@Test
	void userOfAnotherOrganizationCannotLogInToThisOne() {
		assertThat(client.login(Fixtures.ANN, Fixtures.ANN_PASSWORD, "exp").status()).isEqualTo(401);
	}

	@Test
	void deviceLogsInWithATokenSignedWithItsSecret() {
		Answer answer = loginWithToken(sign(Fixtures.DEVICE_1, "device", Fixtures.DEVICE_1_SECRET, Map.of()));
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().at("/identity/uuid").asString()).isEqualTo(Fixtures.DEVICE_1);
		assertThat(answer.json().at("/identity/type").asString()).isEqualTo("device");
	}

	@Test
	void deviceTokenSignedWithAnotherSecretIsRefused() {
		Answer answer = loginWithToken(sign(Fixtures.DEVICE_1, "device", Fixtures.DEVICE_2_SECRET, Map.of()));
		assertThat(answer.status()).isEqualTo(401);
	}

	@Test
	void unknownDeviceGetsAPairingIdentityOnlyWhenAllowed() {
		String unknown = "d9999999-0000-4000-8000-000000000001";
		String secret = "some-unknown-device-secret-0123456789";
		assertThat(loginWithToken(sign(unknown, "device", secret, Map.of())).status()).isEqualTo(401);
		Answer pairing = loginWithToken(sign(unknown, "device", secret, Map.of("allowPairing", true)));
		assertThat(pairing.status()).isEqualTo(200);
		assertThat(pairing.json().at("/restrictions/pairing").asBoolean()).isTrue();
		String token = pairing.json().get("token").asString();
		assertThat(client.get("/api/devices", token).json().get("total").asInt()).isZero();
	}

	@Test
	void consumerAppLogsInWithATokenSignedWithItsApiKey() {
		Answer answer = loginWithToken(
				sign(Fixtures.CONSUMER_APP, "consumerApp", Fixtures.CONSUMER_APP_KEY, Map.of()));
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().at("/identity/type").asString()).isEqualTo("consumerApp");
	}

	@Test
	void malformedLoginTokenIsRefused() {
		assertThat(loginWithToken("not-a-jwt").status()).isEqualTo(401);
	}

	@Test
	void refreshAnswersAFreshPayloadAndIsCounted() {
		String token = client.tokenOf(Fixtures.JOE, Fixtures.JOE_PASSWORD, "exp");
		long before = server.getRefreshCount();
		Answer answer = client.send("POST", "/api/auth/token", token, null);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().get("token").asString()).isNotEqualTo(token);
		assertThat(server.getRefreshCount()).isEqualTo(before + 1);
	}

	@Test
	void expiredTokenIsRefused() {
		String token = client.tokenOf(Fixtures.JOE, Fixtures.JOE_PASSWORD, "exp");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> client.send("POST", "/api/auth/token", token, null).status() == 401);
		assertThat(client.get("/api/devices", token).json().get("message").asString()).contains("expired");
	}

	@Test
	void forgedTokenIsRefused() {
		String token = client.tokenOf(Fixtures.JOE, Fixtures.JOE_PASSWORD, "exp");
		String[] parts = token.split("\\.");
		String forged = parts[0] + "." + parts[1] + "." + "AAAA" + parts[2].substring(4);
		assertThat(client.get("/api/devices", forged).status()).isEqualTo(401);
		String otherKey = sign(Fixtures.JOE, "user", "another-signing-key-0123456789abcdef", Map.of());
		assertThat(client.get("/api/devices", otherKey).status()).isEqualTo(401);
	}

	@Test
	void missingTokenIsRefused() {
		Answer answer = client.get("/api/devices", null);
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.json().get("code").asString()).isEqualTo("auth.invalidToken");
	}

	@Test
	void restrictedTokenIsGoodOnlyForDownloads() {
		String restricted = client.login(Fixtures.JOE, Fixtures.JOE_PASSWORD, "exp").json().get("restrictedToken").asString();
		assertThat(client.get("/api/devices", restricted).status()).isEqualTo(401);
		assertThat(client.get("/api/delivery/images/logo.png?_rt=" + restricted, null).status()).isEqualTo(200);
	}

	private static Answer loginWithToken(String token) {
		return client.send("POST", "/api/auth/login", null, ServerClient.json(Map.of("token", token)));
	}

	static String sign(String uuid, String type, String secret, Map<String, Object> extra) {
		try {
			JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().claim("uuid", uuid)
				.subject(uuid)
				.claim("type", type)
				.claim("organization", "exp")
				.expirationTime(Date.from(Instant.now().plusSeconds(30)));
			extra.forEach(claims::claim);
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
			jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
