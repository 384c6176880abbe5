package io.exp.client.api;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * A location with its zones ({@code zones: [{key, name}]}) and a layout image.
 *
 * @since 0.1.0
 */
public class ExpLocation extends ExpResource {

	ExpLocation(ReactiveExpApiClient client, Map<String, Object> document) {
		super(client, document, ReactiveExpApiClient.LOCATIONS.path());
	}

	/**
	 * Returns the location's zones, from its document (no network call).
	 * @return the zones
	 */
	public List<ExpZone> getZones() {
		if (this.document.get("zones") instanceof List<?> zones) {
			return zones.stream()
				.filter(Map.class::isInstance)
				.map((zone) -> new ExpZone(this.client, this, (Map<?, ?>) zone))
				.toList();
		}
		return List.of();
	}

	/**
	 * Returns the devices at this location.
	 * @return the devices whose {@code location.uuid} is this location's
	 */
	public ExpResults<ExpDevice> getDevices() {
		return Blocking.await(getDevicesAsync());
	}

	/**
	 * Reactive twin of {@link #getDevices()}.
	 * @return the devices
	 */
	public Mono<ExpResults<ExpDevice>> getDevicesAsync() {
		return this.client.findDevices(Map.of("location.uuid", getUuid()));
	}

	/**
	 * Returns the things at this location.
	 * @return the things whose {@code location.uuid} is this location's
	 */
	public ExpResults<ExpThing> getThings() {
		return Blocking.await(this.client.findThings(Map.of("location.uuid", getUuid())));
	}

	/**
	 * Returns the URL of the location's layout image, with the restricted token.
	 * @return the layout URL
	 */
	public String getLayoutUrl() {
		return this.client.downloadUrl("/api/locations/" + getUuid() + "/layout", Map.of());
	}

}
