package io.exp.server.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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
import static org.awaitility.Awaitility.await;

class AuthenticationTests {

	private static ExpServer server;

	private static final String UNKNOWN_SECRET = "some-unknown-device-secret-0123456789";

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
		Answer answer = client.login(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp");
		assertThat(answer.status()).isEqualTo(200);
		JsonNode payload = answer.json();
		assertThat(payload.get("token").asString()).isNotBlank();
		assertThat(payload.get("restrictedToken").asString()).isNotBlank();
		assertThat(payload.get("expiration").asLong()).isGreaterThan(System.currentTimeMillis());
		assertThat(payload.at("/identity/type").asString()).isEqualTo("user");
		assertThat(payload.at("/identity/organization").asString()).isEqualTo("exp");
		assertThat(payload.at("/identity/username").asString()).isEqualTo(DefaultFixture.JOE);
		assertThat(payload.at("/api/host").asString()).isEqualTo(server.getUrl());
		assertThat(payload.at("/network/host").asString())
			.isEqualTo("ws://localhost:" + server.getPort() + "/eventbus");
	}

	@Test
	void payloadExpirationIsExactlyTheExpirationOfTheToken() throws Exception {
		JsonNode payload = client.login(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp").json();
		Date tokenExpiration = SignedJWT.parse(payload.get("token").asString()).getJWTClaimsSet().getExpirationTime();
		Date restrictedExpiration = SignedJWT.parse(payload.get("restrictedToken").asString())
			.getJWTClaimsSet()
			.getExpirationTime();
		assertThat(payload.get("expiration").asLong()).isEqualTo(tokenExpiration.getTime())
			.isEqualTo(restrictedExpiration.getTime());
	}

	@Test
	void wrongPasswordIsRefusedWithoutEchoingIt() {
		Answer answer = client.login(DefaultFixture.JOE, "wrong-password-42", "exp");
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.json().get("code").asString()).isEqualTo("auth.invalidCredentials");
		assertThat(answer.body()).doesNotContain("wrong-password-42");
	}

	@Test
	void userOfAnotherOrganizationCannotLogInToThisOne() {
		assertThat(client.login(DefaultFixture.ANN, DefaultFixture.ANN_PASSWORD, "exp").status()).isEqualTo(401);
	}

	@Test
	void deviceLogsInWithATokenSignedWithItsSecret() {
		Answer answer = loginWithToken(
				sign(DefaultFixture.DEVICE_1, "device", DefaultFixture.DEVICE_1_SECRET, Map.of()));
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().at("/identity/uuid").asString()).isEqualTo(DefaultFixture.DEVICE_1);
		assertThat(answer.json().at("/identity/type").asString()).isEqualTo("device");
	}

	@Test
	void deviceTokenSignedWithAnotherSecretIsRefused() {
		Answer answer = loginWithToken(
				sign(DefaultFixture.DEVICE_1, "device", DefaultFixture.DEVICE_2_SECRET, Map.of()));
		assertThat(answer.status()).isEqualTo(401);
	}

	@Test
	void unknownDeviceIsRefusedEvenWithAllowPairingWhilePairingIsDisabled() {
		String unknown = "d9999999-0000-4000-8000-000000000001";
		Answer pairing = loginWithToken(sign(unknown, "device", UNKNOWN_SECRET, Map.of("allowPairing", true)));
		assertThat(pairing.status()).isEqualTo(401);
		assertThat(pairing.body()).isEqualTo(loginWithToken(sign(unknown, "device", UNKNOWN_SECRET, Map.of())).body());
	}

	@Test
	void unknownUuidWrongTypeAndWrongSignatureGetTheSameAnswer() {
		Answer wrongSignature = loginWithToken(sign(DefaultFixture.DEVICE_1, "device", UNKNOWN_SECRET, Map.of()));
		assertThat(wrongSignature.status()).isEqualTo(401);
		assertThat(wrongSignature.json().get("message").asString()).doesNotContain(DefaultFixture.DEVICE_1)
			.contains("uuid", "secret");
		Answer unknownDevice = loginWithToken(
				sign("d9999999-0000-4000-8000-000000000002", "device", UNKNOWN_SECRET, Map.of()));
		Answer unknownConsumerApp = loginWithToken(
				sign("5c999999-0000-4000-8000-000000000002", "consumerApp", UNKNOWN_SECRET, Map.of()));
		Answer consumerAppAsDevice = loginWithToken(
				sign(DefaultFixture.CONSUMER_APP, "device", DefaultFixture.CONSUMER_APP_KEY, Map.of()));
		Answer deviceAsConsumerApp = loginWithToken(
				sign(DefaultFixture.DEVICE_2, "consumerApp", DefaultFixture.DEVICE_2_SECRET, Map.of()));
		assertThat(List.of(unknownDevice, unknownConsumerApp, consumerAppAsDevice, deviceAsConsumerApp))
			.allSatisfy((answer) -> assertThat(answer).isEqualTo(wrongSignature));
	}

	@Test
	void loginTokenWithoutExpIsRefused() {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().claim("uuid", DefaultFixture.DEVICE_2)
			.claim("type", "device")
			.build();
		Answer answer = loginWithToken(sign(claims, DefaultFixture.DEVICE_2_SECRET));
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.json().get("message").asString()).contains("exp");
	}

	@Test
	void loginTokenWithExpInMillisecondsIsRefusedNotReadAsSeconds() {
		long inAMinute = Instant.now().plusSeconds(60).toEpochMilli();
		Answer answer = loginWithToken(
				sign(DefaultFixture.DEVICE_2, "device", DefaultFixture.DEVICE_2_SECRET, Map.of("exp", inAMinute)));
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.json().get("message").asString()).contains("seconds (not milliseconds)");
	}

	@Test
	void loginTokenExpiringFurtherAheadThanTheMaximumIsRefused() {
		Answer answer = loginWithToken(sign(DefaultFixture.DEVICE_2, "device", DefaultFixture.DEVICE_2_SECRET,
				Map.of("exp", Instant.now().plus(Duration.ofHours(25)).getEpochSecond())));
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.json().get("message").asString()).contains("86400 seconds ahead");
	}

	@Test
	void expiredLoginTokenIsRefused() {
		Answer answer = loginWithToken(sign(DefaultFixture.DEVICE_2, "device", DefaultFixture.DEVICE_2_SECRET,
				Map.of("exp", Instant.now().minusSeconds(300).getEpochSecond())));
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.json().get("message").asString()).contains("expired");
	}

	@Test
	void loginTokenNotValidBeforeALaterTimeIsRefused() {
		Answer answer = loginWithToken(sign(DefaultFixture.DEVICE_2, "device", DefaultFixture.DEVICE_2_SECRET,
				Map.of("nbf", Instant.now().plusSeconds(300).getEpochSecond(), "exp",
						Instant.now().plusSeconds(600).getEpochSecond())));
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.json().get("message").asString()).contains("nbf");
	}

	@Test
	void loginTokenTimesAreAcceptedWithinTheClockSkew() {
		Answer answer = loginWithToken(sign(DefaultFixture.DEVICE_2, "device", DefaultFixture.DEVICE_2_SECRET,
				Map.of("nbf", Instant.now().plusSeconds(20).getEpochSecond(), "exp",
						Instant.now().minusSeconds(20).getEpochSecond())));
		assertThat(answer.status()).isEqualTo(200);
	}

	@Test
	void payloadIdentitySaysItIsNotPairing() {
		Answer answer = loginWithToken(
				sign(DefaultFixture.DEVICE_1, "device", DefaultFixture.DEVICE_1_SECRET, Map.of()));
		assertThat(answer.json().at("/identity/isPairing").isBoolean()).isTrue();
		assertThat(answer.json().at("/identity/isPairing").asBoolean()).isFalse();
		assertThat(answer.json().get("restrictions").isEmpty()).isTrue();
	}

	@Test
	void consumerAppLogsInWithATokenSignedWithItsApiKey() {
		Answer answer = loginWithToken(
				sign(DefaultFixture.CONSUMER_APP, "consumerApp", DefaultFixture.CONSUMER_APP_KEY, Map.of()));
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().at("/identity/type").asString()).isEqualTo("consumerApp");
	}

	@Test
	void malformedLoginTokenIsRefused() {
		assertThat(loginWithToken("not-a-jwt").status()).isEqualTo(401);
	}

	@Test
	void refreshAnswersAFreshPayloadAndIsCounted() {
		String token = client.tokenOf(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp");
		long before = server.getRefreshCount();
		Answer answer = client.send("POST", "/api/auth/token", token, null);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().get("token").asString()).isNotEqualTo(token);
		assertThat(server.getRefreshCount()).isEqualTo(before + 1);
	}

	@Test
	void expiredTokenIsRefused() {
		String token = client.tokenOf(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> client.send("POST", "/api/auth/token", token, null).status() == 401);
		assertThat(client.get("/api/devices", token).json().get("message").asString()).contains("expired");
	}

	@Test
	void forgedTokenIsRefused() {
		String token = client.tokenOf(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp");
		String[] parts = token.split("\\.");
		String forged = parts[0] + "." + parts[1] + "." + "AAAA" + parts[2].substring(4);
		assertThat(client.get("/api/devices", forged).status()).isEqualTo(401);
		String otherKey = sign(DefaultFixture.JOE, "user", "another-signing-key-0123456789abcdef", Map.of());
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
		String restricted = client.login(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp")
			.json()
			.get("restrictedToken")
			.asString();
		assertThat(client.get("/api/devices", restricted).status()).isEqualTo(401);
		assertThat(client.get("/api/delivery/images/logo.png?_rt=" + restricted, null).status()).isEqualTo(200);
	}

	private static Answer loginWithToken(String token) {
		return LoginJwts.login(client, token);
	}

}
