package io.exp.boot.test;

import io.exp.client.api.ReactiveExpApiClient;
import io.exp.client.auth.ExpCredentials;
import io.exp.client.bus.ExpEventBus;

/**
 * Devices of the embedded server's default fixture, each with its own event bus, to play
 * the other side of a test.
 */
public final class TestDevices {

	private TestDevices() {
	}

	/**
	 * Builds an event bus logged in as the fixture's first device; call {@code start()}
	 * to connect it.
	 * @param server the embedded server
	 * @return the device's event bus
	 */
	public static ExpEventBus device1(ExpTestServer server) {
		return ReactiveExpApiClient.builder()
			.baseUrl(server.getUrl())
			.credentials(ExpCredentials.device(ExpFixture.DEVICE_1, ExpFixture.DEVICE_1_SECRET, false))
			.build()
			.eventBus()
			.build();
	}

}
