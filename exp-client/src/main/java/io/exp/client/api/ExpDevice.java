package io.exp.client.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import reactor.core.publisher.Mono;

/**
 * A device: {@code location: {uuid, zones: [{key}]}} and {@code experience: {uuid}} link
 * it to its location, zones and experience.
 *
 * @since 0.1.0
 */
public class ExpDevice extends ExpResource {

	ExpDevice(ReactiveExpApiClient client, Map<String, Object> document) {
		super(client, document, ReactiveExpApiClient.DEVICES.path());
	}

	/**
	 * Returns the device's experience.
	 * @return the experience, or empty when it has none
	 */
	public Optional<ExpExperience> getExperience() {
		return Optional.ofNullable(Blocking.await(getExperienceAsync()));
	}

	/**
	 * Reactive twin of {@link #getExperience()}.
	 * @return the experience, or empty
	 */
	public Mono<ExpExperience> getExperienceAsync() {
		String uuid = text("experience", "uuid");
		return (uuid != null) ? this.client.getExperience(uuid) : Mono.empty();
	}

	/**
	 * Returns the device's location.
	 * @return the location, or empty when it has none
	 */
	public Optional<ExpLocation> getLocation() {
		return Optional.ofNullable(Blocking.await(getLocationAsync()));
	}

	/**
	 * Reactive twin of {@link #getLocation()}.
	 * @return the location, or empty
	 */
	public Mono<ExpLocation> getLocationAsync() {
		return Locations.of(this.client, this);
	}

	/**
	 * Returns the device's zones, looked up in its location.
	 * @return the zones, empty when it has none
	 */
	public List<ExpZone> getZones() {
		return Blocking.await(getZonesAsync());
	}

	/**
	 * Reactive twin of {@link #getZones()}.
	 * @return the zones
	 */
	public Mono<List<ExpZone>> getZonesAsync() {
		return Locations.zonesOf(this.client, this);
	}

}
