package io.exp.client.api;

import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * An experience.
 *
 * @since 0.1.0
 */
public class ExpExperience extends ExpResource {

	ExpExperience(ReactiveExpApiClient client, Map<String, Object> document) {
		super(client, document, ReactiveExpApiClient.EXPERIENCES.path());
	}

	/**
	 * Returns the devices of this experience.
	 * @return the devices whose {@code experience.uuid} is this experience's
	 */
	public ExpResults<ExpDevice> getDevices() {
		return Blocking.await(getDevicesAsync());
	}

	/**
	 * Reactive twin of {@link #getDevices()}.
	 * @return the devices
	 */
	public Mono<ExpResults<ExpDevice>> getDevicesAsync() {
		return this.client.findDevices(Map.of("experience.uuid", getUuid()));
	}

}
