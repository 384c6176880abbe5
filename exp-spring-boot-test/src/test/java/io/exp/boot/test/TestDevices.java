package io.exp.boot.test;

import io.exp.client.api.ReactiveExpApiClient;
import io.exp.client.auth.ExpCredentials;
import io.exp.client.bus.ExpEventBus;
import io.exp.server.ExpServer;

/**
 * Devices of the embedded server's default fixture, each with its own event bus, to play the other side of a test.
 */
public final class TestDevices {

	/** The uuid of the fixture's first device, in experience {@code e1…01} and location {@code a1…01}. */
	public static final String DEVICE_1 = "d1000000-0000-4000-8000-000000000001";

	private TestDevices() {
	}

	/**
	 * Builds an event bus logged in as the fixture's first device; call {@code start()} to connect it.
	 * @param server the embedded server
	 * @return the device's event bus
	 */
	public static ExpEventBus device1(ExpServer server) {
		return ReactiveExpApiClient.builder()
			.baseUrl(server.getUrl())
			.credentials(ExpCredentials.device(DEVICE_1, "device-one-secret-0123456789abcdef", false))
			.build()
			.eventBus()
			.build();
	}

}
