package io.exp.client.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.exp.client.auth.ExpAuth;
import io.exp.client.bus.ExpEventBus;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The EXP API, blocking, as the EXP Python SDK's {@code exp.api}: a thin layer over
 * {@link ReactiveExpApiClient}. Getters answer {@link Optional#empty()} for what does not
 * exist. Calling it on a Reactor non-blocking thread fails with a clear message instead
 * of stalling the event loop.
 *
 * @since 0.1.0
 */
public final class ExpApiClient implements AutoCloseable {

	private final ReactiveExpApiClient reactive;

	/**
	 * Creates a blocking client over a reactive one.
	 * @param reactive the reactive client
	 */
	public ExpApiClient(ReactiveExpApiClient reactive) {
		this.reactive = reactive;
	}

	/**
	 * Closes the reactive twin: ends the HTTP resources it made for itself (see
	 * {@link ReactiveExpApiClient#close()}).
	 */
	@Override
	public void close() {
		this.reactive.close();
	}

	/**
	 * Returns the reactive twin.
	 * @return the reactive client
	 */
	public ReactiveExpApiClient reactive() {
		return this.reactive;
	}

	/**
	 * Returns the current auth payload, logging in first when needed.
	 * @return the auth payload
	 */
	public ExpAuth getAuth() {
		return Blocking.await(this.reactive.auth());
	}

	/**
	 * Returns a builder for an event bus on this client's nodes, tokens and Jackson
	 * mapper (see {@link ReactiveExpApiClient#eventBus()}).
	 * @return a new event bus builder
	 */
	public ExpEventBus.Builder eventBus() {
		return this.reactive.eventBus();
	}

	/**
	 * Finds every device (up to the server's page limit), as the EXP Python SDK's
	 * {@code get_devices()}.
	 * @return the devices
	 */
	public ExpResults<ExpDevice> findDevices() {
		return findDevices(Map.of());
	}

	/**
	 * Finds devices, as the EXP Python SDK's {@code find_devices(**params)}.
	 * @param params field filters (dotted paths allowed), {@code limit}, {@code skip},
	 * {@code sort}
	 * @return the devices and their total
	 */
	public ExpResults<ExpDevice> findDevices(Map<String, ?> params) {
		return Blocking.await(this.reactive.findDevices(params));
	}

	/**
	 * Returns a device.
	 * @param uuid the uuid
	 * @return the device, or empty
	 */
	public Optional<ExpDevice> getDevice(String uuid) {
		return optional(this.reactive.getDevice(uuid));
	}

	/**
	 * Creates a device.
	 * @param document the document
	 * @return the created device
	 */
	public ExpDevice createDevice(Map<String, ?> document) {
		return Blocking.await(this.reactive.createDevice(document));
	}

	/**
	 * Deletes a device.
	 * @param uuid the uuid
	 */
	public void deleteDevice(String uuid) {
		Blocking.await(this.reactive.deleteDevice(uuid));
	}

	/**
	 * Finds things.
	 * @param params query parameters
	 * @return the things
	 */
	public ExpResults<ExpThing> findThings(Map<String, ?> params) {
		return Blocking.await(this.reactive.findThings(params));
	}

	/**
	 * Returns a thing.
	 * @param uuid the uuid
	 * @return the thing, or empty
	 */
	public Optional<ExpThing> getThing(String uuid) {
		return optional(this.reactive.getThing(uuid));
	}

	/**
	 * Creates a thing.
	 * @param document the document
	 * @return the created thing
	 */
	public ExpThing createThing(Map<String, ?> document) {
		return Blocking.await(this.reactive.createThing(document));
	}

	/**
	 * Deletes a thing.
	 * @param uuid the uuid
	 */
	public void deleteThing(String uuid) {
		Blocking.await(this.reactive.deleteThing(uuid));
	}

	/**
	 * Finds experiences.
	 * @param params query parameters
	 * @return the experiences
	 */
	public ExpResults<ExpExperience> findExperiences(Map<String, ?> params) {
		return Blocking.await(this.reactive.findExperiences(params));
	}

	/**
	 * Returns an experience.
	 * @param uuid the uuid
	 * @return the experience, or empty
	 */
	public Optional<ExpExperience> getExperience(String uuid) {
		return optional(this.reactive.getExperience(uuid));
	}

	/**
	 * Creates an experience.
	 * @param document the document
	 * @return the created experience
	 */
	public ExpExperience createExperience(Map<String, ?> document) {
		return Blocking.await(this.reactive.createExperience(document));
	}

	/**
	 * Deletes an experience.
	 * @param uuid the uuid
	 */
	public void deleteExperience(String uuid) {
		Blocking.await(this.reactive.deleteExperience(uuid));
	}

	/**
	 * Finds locations.
	 * @param params query parameters
	 * @return the locations
	 */
	public ExpResults<ExpLocation> findLocations(Map<String, ?> params) {
		return Blocking.await(this.reactive.findLocations(params));
	}

	/**
	 * Returns a location.
	 * @param uuid the uuid
	 * @return the location, or empty
	 */
	public Optional<ExpLocation> getLocation(String uuid) {
		return optional(this.reactive.getLocation(uuid));
	}

	/**
	 * Creates a location.
	 * @param document the document
	 * @return the created location
	 */
	public ExpLocation createLocation(Map<String, ?> document) {
		return Blocking.await(this.reactive.createLocation(document));
	}

	/**
	 * Deletes a location.
	 * @param uuid the uuid
	 */
	public void deleteLocation(String uuid) {
		Blocking.await(this.reactive.deleteLocation(uuid));
	}

	/**
	 * Finds feeds.
	 * @param params query parameters
	 * @return the feeds
	 */
	public ExpResults<ExpFeed> findFeeds(Map<String, ?> params) {
		return Blocking.await(this.reactive.findFeeds(params));
	}

	/**
	 * Returns a feed.
	 * @param uuid the uuid
	 * @return the feed, or empty
	 */
	public Optional<ExpFeed> getFeed(String uuid) {
		return optional(this.reactive.getFeed(uuid));
	}

	/**
	 * Creates a feed.
	 * @param document the document
	 * @return the created feed
	 */
	public ExpFeed createFeed(Map<String, ?> document) {
		return Blocking.await(this.reactive.createFeed(document));
	}

	/**
	 * Deletes a feed.
	 * @param uuid the uuid
	 */
	public void deleteFeed(String uuid) {
		Blocking.await(this.reactive.deleteFeed(uuid));
	}

	/**
	 * Returns the device this client is logged in as.
	 * @return the device, or empty when the identity is not a device
	 */
	public Optional<ExpDevice> getCurrentDevice() {
		return optional(this.reactive.getCurrentDevice());
	}

	/**
	 * Returns the current device's experience.
	 * @return the experience, or empty
	 */
	public Optional<ExpExperience> getCurrentExperience() {
		return optional(this.reactive.getCurrentExperience());
	}

	/**
	 * Returns the current device's location.
	 * @return the location, or empty
	 */
	public Optional<ExpLocation> getCurrentLocation() {
		return optional(this.reactive.getCurrentLocation());
	}

	/**
	 * Returns the current device's zones.
	 * @return the zones
	 */
	public List<ExpZone> getCurrentZones() {
		return Blocking.await(this.reactive.getCurrentZones());
	}

	/**
	 * Returns a data item, as the EXP Python SDK's {@code get_data(key, group)}.
	 * @param key the key
	 * @param group the group
	 * @return the data item, or empty
	 */
	public Optional<ExpData> getData(String key, String group) {
		return optional(this.reactive.getData(key, group));
	}

	/**
	 * Creates or replaces a data item, as the EXP Python SDK's
	 * {@code create_data(key, group, value)}.
	 * @param key the key
	 * @param group the group
	 * @param value the value
	 * @return the data item
	 */
	public ExpData createData(String key, String group, Map<String, ?> value) {
		return Blocking.await(this.reactive.createData(key, group, value));
	}

	/**
	 * Finds data items.
	 * @param params query parameters, for example {@code group}
	 * @return the data items
	 */
	public ExpResults<ExpData> findData(Map<String, ?> params) {
		return Blocking.await(this.reactive.findData(params));
	}

	/**
	 * Returns a content node, as the EXP Python SDK's {@code get_content(uuid)}.
	 * @param uuid the uuid
	 * @return the content, or empty
	 */
	public Optional<ExpContent> getContent(String uuid) {
		return optional(this.reactive.getContent(uuid));
	}

	/**
	 * Finds content.
	 * @param params query parameters
	 * @return the content
	 */
	public ExpResults<ExpContent> findContent(Map<String, ?> params) {
		return Blocking.await(this.reactive.findContent(params));
	}

	/**
	 * GETs any API path.
	 * @param path the path
	 * @param params query parameters
	 * @return the answer
	 */
	public JsonNode get(String path, Map<String, ?> params) {
		return Blocking.await(this.reactive.get(path, params));
	}

	/**
	 * POSTs to any API path.
	 * @param path the path
	 * @param body the body
	 * @return the answer
	 */
	public JsonNode post(String path, @Nullable Object body) {
		return Blocking.await(this.reactive.post(path, body));
	}

	/**
	 * PATCHes any API path.
	 * @param path the path
	 * @param body the body
	 * @return the answer
	 */
	public JsonNode patch(String path, @Nullable Object body) {
		return Blocking.await(this.reactive.patch(path, body));
	}

	/**
	 * PUTs to any API path.
	 * @param path the path
	 * @param body the body
	 * @return the answer
	 */
	public JsonNode put(String path, @Nullable Object body) {
		return Blocking.await(this.reactive.put(path, body));
	}

	/**
	 * DELETEs any API path.
	 * @param path the path
	 * @return the answer, or {@code null} for 204
	 */
	public @Nullable JsonNode delete(String path) {
		return Blocking.await(this.reactive.delete(path));
	}

	private static <T> Optional<T> optional(Mono<T> call) {
		return Optional.ofNullable(Blocking.await(call));
	}

}
