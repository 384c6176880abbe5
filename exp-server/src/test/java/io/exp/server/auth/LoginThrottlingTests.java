package io.exp.server.auth;

import java.time.Duration;
import java.util.Map;

import io.exp.server.ExpServer;
import io.exp.server.RawHttp;
import io.exp.server.ServerClient;
import io.exp.server.fixture.DefaultFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.exp.server.auth.LoginJwts.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each test has a server of its own, so that no other test's failures count.
 */
class LoginThrottlingTests {

	private ExpServer server;

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void repeatedFailuresOfOneUserAreAnswered429WithRetryAfterEvenForTheRightPassword() {
		start("5m");
		for (int i = 0; i < 3; i++) {
			assertThat(userLogin(DefaultFixture.JOE, "wrong-password").status()).isEqualTo(401);
		}
		RawHttp.Answer refused = userLogin(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.json().get("code").asString()).isEqualTo("auth.tooManyLogins");
		assertThat(refused.json().get("status").asInt()).isEqualTo(429);
		assertThat(refused.json().get("message").asString()).contains("account", "try again in");
		assertThat(Long.parseLong(refused.headers().get("retry-after"))).isBetween(290L, 300L);
		assertThat(userLogin(DefaultFixture.ANN, DefaultFixture.ANN_PASSWORD, "acme").status()).isEqualTo(200);
	}

	@Test
	void repeatedFailuresOfOneDeviceAreThrottled() {
		start("5m");
		for (int i = 0; i < 3; i++) {
			assertThat(deviceLogin(DefaultFixture.DEVICE_2_SECRET).status()).isEqualTo(401);
		}
		assertThat(deviceLogin(DefaultFixture.DEVICE_1_SECRET).status()).isEqualTo(429);
	}

	@Test
	void repeatedFailuresFromOneAddressAreThrottledWhateverTheAccount() {
		start("5m");
		for (int i = 0; i < 5; i++) {
			assertThat(userLogin("nobody-" + i + "@example.com", "wrong-password").status()).isEqualTo(401);
		}
		RawHttp.Answer refused = userLogin(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.json().get("message").asString()).contains("address");
	}

	@Test
	void successfulLoginsAreNeverThrottled() {
		start("5m");
		for (int i = 0; i < 20; i++) {
			assertThat(userLogin(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD).status()).isEqualTo(200);
			assertThat(deviceLogin(DefaultFixture.DEVICE_1_SECRET).status()).isEqualTo(200);
		}
	}

	@Test
	void throttlingEndsWithTheFailureWindow() {
		start("2s");
		for (int i = 0; i < 3; i++) {
			userLogin(DefaultFixture.JOE, "wrong-password");
		}
		assertThat(userLogin(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD).status()).isEqualTo(429);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> userLogin(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD).status() == 200);
	}

	private void start(String failureWindow) {
		this.server = ExpServer.builder()
			.property("exp.server.login.max-failures-per-account", 3)
			.property("exp.server.login.max-failures-per-address", 5)
			.property("exp.server.login.failure-window", failureWindow)
			.start();
	}

	private RawHttp.Answer userLogin(String username, String password) {
		return userLogin(username, password, "exp");
	}

	private RawHttp.Answer userLogin(String username, String password, String organization) {
		return login(Map.of("username", username, "password", password, "organization", organization));
	}

	private RawHttp.Answer deviceLogin(String secret) {
		return login(Map.of("token", sign(DefaultFixture.DEVICE_1, "device", secret, Map.of())));
	}

	private RawHttp.Answer login(Map<String, Object> body) {
		return new RawHttp(this.server.getPort()).sendWithBody("POST", "/api/auth/login", ServerClient.json(body));
	}

}
