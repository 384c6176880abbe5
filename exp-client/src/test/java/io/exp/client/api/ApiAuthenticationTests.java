package io.exp.client.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.exp.client.ExpAuthenticationException;
import io.exp.client.auth.ExpAuth;
import io.exp.client.auth.ExpCredentials;
import io.exp.server.ExpServer;
import io.exp.server.fixture.DefaultFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class ApiAuthenticationTests {

	private static ExpServer server;

	@BeforeAll
	static void start() {
		server = ExpServer.builder()
			.tokenLifetime(Duration.ofSeconds(4))
			.property("exp.server.pairing.enabled", true)
			.start();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	static ExpApiClient client(ExpCredentials credentials) {
		return new ExpApiClient(
				ReactiveExpApiClient.builder().baseUrl(server.getUrl()).credentials(credentials).build());
	}

	@Test
	void allThreeCredentialKindsLogIn() {
		assertThat(client(ExpCredentials.user(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp")).getAuth()
			.identity()
			.type()).isEqualTo("user");
		ExpAuth device = client(
				ExpCredentials.device(ExpApiClientTests.DEVICE_1, DefaultFixture.DEVICE_1_SECRET, false))
			.getAuth();
		assertThat(device.identity().uuid()).isEqualTo(ExpApiClientTests.DEVICE_1);
		assertThat(device.networkHost()).isEqualTo("ws://localhost:" + server.getPort() + "/eventbus");
		assertThat(client(
				ExpCredentials.consumerApp("5c000000-0000-4000-8000-000000000001", DefaultFixture.CONSUMER_APP_KEY))
			.getAuth()
			.identity()
			.isConsumer()).isTrue();
	}

	@Test
	void pairingDeviceGetsAPairingIdentity() {
		ExpAuth auth = client(ExpCredentials.device("d9000000-0000-4000-8000-000000000009",
				"a-new-device-secret-0123456789abcdef", true))
			.getAuth();
		assertThat(auth.restrictions()).containsEntry("pairing", true);
	}

	@Test
	void badCredentialsNameTheKindAndNeverTheSecret() {
		assertThatExceptionOfType(ExpAuthenticationException.class)
			.isThrownBy(() -> client(ExpCredentials.user(DefaultFixture.JOE, "not-my-password", "exp")).findDevices())
			.withMessageContaining("user")
			.withMessageNotContaining("not-my-password");
		assertThatExceptionOfType(ExpAuthenticationException.class)
			.isThrownBy(() -> client(
					ExpCredentials.device(ExpApiClientTests.DEVICE_1, "wrong-device-secret-0123456789abcdef", false))
				.findDevices())
			.withMessageContaining("device")
			.withMessageNotContaining("wrong-device-secret");
		assertThatExceptionOfType(ExpAuthenticationException.class)
			.isThrownBy(() -> client(ExpCredentials.consumerApp("5c000000-0000-4000-8000-000000000001",
					"wrong-consumer-key-0123456789abcdef"))
				.findDevices())
			.withMessageContaining("consumer app")
			.withMessageNotContaining("wrong-consumer-key");
	}

	@Test
	void tokenIsRefreshedBeforeItExpiresAndChangesAreObservable() {
		ExpApiClient api = client(ExpCredentials.user(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp"));
		List<ExpAuth> changes = new CopyOnWriteArrayList<>();
		api.reactive().authSource().onAuthChange(changes::add);
		ExpAuth first = api.getAuth();
		long refreshes = server.getRefreshCount();
		await().atMost(Duration.ofSeconds(10)).until(() -> !api.getAuth().token().equals(first.token()));
		assertThat(server.getRefreshCount()).isGreaterThan(refreshes);
		assertThat(changes).hasSizeGreaterThanOrEqualTo(2);
		assertThat(api.findDevices()).isNotEmpty();
	}

	@Test
	void aThousandConcurrentCallsAtExpiryCauseExactlyOneRefresh() {
		// the client's clock, not the time the calls take, brings the token to its
		// refresh: the server accepts tokens for an hour, so no call that a busy machine
		// slows down finds one expired, and the refreshed token stays fresh for minutes.
		// A busy machine may also take more than the default ten seconds to answer the
		// last of the thousand calls, which is not what this test is about
		MovableClock clock = new MovableClock();
		try (ExpServer hourTokens = ExpServer.builder().tokenLifetime(Duration.ofHours(1)).start();
				ExpApiClient api = new ExpApiClient(ReactiveExpApiClient.builder()
					.baseUrl(hourTokens.getUrl())
					.credentials(ExpCredentials.user(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp"))
					.settings(new ExpApiSettings(Duration.ofMinutes(1), ExpApiSettings.DEFAULTS.maxRetries(),
							ExpApiSettings.DEFAULTS.retryBackoff()))
					.clock(clock)
					.build())) {
			ExpAuth first = api.getAuth();
			// past three quarters of the token's lifetime: due for a refresh
			clock.moveTo(first.expiration().minus(Duration.ofMinutes(10)));
			long refreshes = hourTokens.getRefreshCount();
			long logins = hourTokens.getLoginCount();
			List<ExpResults<ExpDevice>> results = Flux.range(0, 1000)
				.flatMap((i) -> api.reactive().findDevices(Map.of("limit", 1)), 1000)
				.collectList()
				.block(Duration.ofMinutes(2));
			assertThat(results).hasSize(1000);
			assertThat(hourTokens.getRefreshCount() - refreshes).isEqualTo(1);
			assertThat(hourTokens.getLoginCount() - logins).isZero();
			assertThat(api.getAuth()).isNotSameAs(first);
		}
	}

	@Test
	void aTokenRejectedByAServerWithAnotherKeyLeadsToOneReloginAndOneRetry() {
		ExpApiClient api = client(ExpCredentials.user(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp"));
		api.getAuth();
		server.stop();
		try (ExpServer otherKey = ExpServer.builder().port(server.getPort()).start()) {
			assertThat(api.findDevices()).isNotEmpty();
			assertThat(otherKey.getLoginCount()).isEqualTo(1);
		}
		finally {
			server.start();
		}
	}

	/**
	 * The system clock, moved forward by a test: the client decides when to refresh by
	 * it.
	 */
	private static final class MovableClock extends Clock {

		private volatile Duration ahead = Duration.ZERO;

		void moveTo(Instant instant) {
			this.ahead = Duration.between(Instant.now(), instant);
		}

		@Override
		public Instant instant() {
			return Instant.now().plus(this.ahead);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

	}

}
