package io.exp.client.api;

import java.util.Map;

import io.exp.client.bus.ExpChannel;

/**
 * A zone of a location, part of the location's document.
 *
 * @since 0.1.0
 */
public class ExpZone {

	private final ReactiveExpApiClient client;

	private final ExpLocation location;

	private final String key;

	private final String name;

	ExpZone(ReactiveExpApiClient client, ExpLocation location, Map<?, ?> document) {
		this.client = client;
		this.location = location;
		this.key = String.valueOf(document.get("key"));
		this.name = (document.get("name") != null) ? String.valueOf(document.get("name")) : this.key;
	}

	/**
	 * Returns the zone's key, unique within its location.
	 * @return the key
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * Returns the zone's name.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Returns the zone's location.
	 * @return the location
	 */
	public ExpLocation getLocation() {
		return this.location;
	}

	/**
	 * Returns the devices in this zone.
	 * @return the devices
	 */
	public ExpResults<ExpDevice> getDevices() {
		return Blocking.await(this.client.findDevices(filter()));
	}

	/**
	 * Returns the things in this zone.
	 * @return the things
	 */
	public ExpResults<ExpThing> getThings() {
		return Blocking.await(this.client.findThings(filter()));
	}

	/**
	 * Returns the zone's event bus channel, {@code {location uuid}:zone:{key}}.
	 * @return the channel
	 */
	public ExpChannel getChannel() {
		return this.client.channels().channel(this.location.getUuid() + ":zone:" + this.key);
	}

	private Map<String, String> filter() {
		return Map.of("location.uuid", this.location.getUuid(), "location.zones.key", this.key);
	}

	@Override
	public String toString() {
		return "ExpZone[" + this.key + " of " + this.location.getUuid() + "]";
	}

}
