package io.exp.client.api;

import io.exp.client.auth.ExpCredentials;
import io.exp.client.bus.ExpEventBus;
import io.exp.client.bus.ExpTarget;
import io.exp.server.ExpServer;
import io.exp.server.fixture.DefaultFixture;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

/**
 * An API client given an observation registry observes its calls (the login, then the
 * call) through its WebClient, and its event bus builder observes the bus with the same
 * registry.
 */
class ApiObservationTests {

	private static final ExpCredentials JOE = ExpCredentials.user(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD,
			"exp");

	@Test
	void apiCallsAndTheClientsEventBusAreObservedWithTheGivenRegistry() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		try (ExpServer server = ExpServer.builder().start();
				ExpApiClient api = new ExpApiClient(ReactiveExpApiClient.builder()
					.baseUrl(server.getUrl())
					.credentials(JOE)
					.observationRegistry(registry)
					.build())) {
			api.findDevices();
			TestObservationRegistryAssert.assertThat(registry)
				.hasNumberOfObservationsWithNameEqualTo("http.client.requests", 2)
				.hasAnObservationWithAKeyValue("method", "POST")
				.hasAnObservationWithAKeyValue("method", "GET");
			ExpEventBus bus = api.eventBus().build();
			bus.start();
			try {
				bus.organization().requestAsync("ping", ExpTarget.device(DefaultFixture.DEVICE_1), null);
				TestObservationRegistryAssert.assertThat(registry).hasObservationWithNameEqualTo("exp.bus.request");
			}
			finally {
				bus.stop();
			}
		}
	}

}
