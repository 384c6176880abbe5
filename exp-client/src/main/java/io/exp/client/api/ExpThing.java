package io.exp.client.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import reactor.core.publisher.Mono;

/**
 * A thing (a beacon, a sensor...), linked to a location and zones like a device.
 *
 * @since 0.1.0
 */
public class ExpThing extends ExpResource {

	ExpThing(ReactiveExpApiClient client, Map<String, Object> document) {
		super(client, document, ReactiveExpApiClient.THINGS.path());
	}

	/**
	 * Returns the thing's location.
	 * @return the location, or empty when it has none
	 */
	public Optional<ExpLocation> getLocation() {
		return Optional.ofNullable(Blocking.await(Locations.of(this.client, this)));
	}

	/**
	 * Returns the thing's zones, looked up in its location.
	 * @return the zones, empty when it has none
	 */
	public List<ExpZone> getZones() {
		return Blocking.await(Locations.zonesOf(this.client, this));
	}

	/**
	 * Reactive twin of {@link #getZones()}.
	 * @return the zones
	 */
	public Mono<List<ExpZone>> getZonesAsync() {
		return Locations.zonesOf(this.client, this);
	}

}
