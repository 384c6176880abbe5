package io.exp.client.bus;

import java.time.Duration;

import io.exp.client.api.ReactiveExpApiClient;
import io.exp.client.auth.ExpCredentials;
import io.exp.server.ExpServer;
import io.exp.server.fixture.DefaultFixture;

/**
 * Builds event buses for tests: a user app (joe) and devices of the default fixture.
 */
final class Buses {

	static final String DEVICE_1 = DefaultFixture.DEVICE_1;

	static final String DEVICE_2 = "d1000000-0000-4000-8000-000000000002";

	static final String EXPERIENCE_1 = "e1000000-0000-4000-8000-000000000001";

	static final String LOCATION_1 = "a1000000-0000-4000-8000-000000000001";

	static final ExpCredentials JOE = ExpCredentials.user(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp");

	static final ExpCredentials LOBBY_DISPLAY = ExpCredentials.device(DEVICE_1, DefaultFixture.DEVICE_1_SECRET, false);

	private Buses() {
	}

	static ExpEventBus bus(ExpServer server, ExpCredentials credentials) {
		return bus(server, credentials, settings(Duration.ofSeconds(10)));
	}

	static ExpEventBus bus(ExpServer server, ExpCredentials credentials, ExpEventBusSettings settings) {
		return api(server, credentials).eventBus().settings(settings).build();
	}

	static ReactiveExpApiClient api(ExpServer server, ExpCredentials credentials) {
		return ReactiveExpApiClient.builder().baseUrl(server.getUrl()).credentials(credentials).build();
	}

	static ExpEventBusSettings settings(Duration requestTimeout) {
		return ExpEventBusSettings.builder()
			.requestTimeout(requestTimeout)
			.reconnectMinBackoff(Duration.ofMillis(100))
			.reconnectMaxBackoff(Duration.ofMillis(500))
			.build();
	}

}
