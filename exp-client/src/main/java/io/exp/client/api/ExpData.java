package io.exp.client.api;

import java.util.LinkedHashMap;
import java.util.Map;

import io.exp.client.bus.ExpChannel;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;

/**
 * A data item {@code {group, key, value}}; the value is a JSON object.
 *
 * @since 0.1.0
 */
public class ExpData extends ExpDocument {

	ExpData(ReactiveExpApiClient client, Map<String, Object> document) {
		super(client, document);
	}

	/**
	 * Returns the key.
	 * @return the key
	 */
	public String getKey() {
		return String.valueOf(this.document.get("key"));
	}

	/**
	 * Returns the group.
	 * @return the group
	 */
	public String getGroup() {
		return String.valueOf(this.document.get("group"));
	}

	/**
	 * Returns the value, mutable.
	 * @return the value
	 */
	@SuppressWarnings("unchecked")
	public Map<String, Object> getValue() {
		return (Map<String, Object>) this.document.computeIfAbsent("value", (key) -> new LinkedHashMap<>());
	}

	/**
	 * Replaces the value; {@link #save()} to store it.
	 * @param value the new value
	 */
	public void setValue(Map<String, ?> value) {
		this.document.put("value", new LinkedHashMap<>(value));
	}

	/**
	 * Stores the value.
	 */
	public void save() {
		Blocking.await(saveAsync());
	}

	/**
	 * Reactive twin of {@link #save()}.
	 * @return completes when saved
	 */
	public Mono<Void> saveAsync() {
		return this.client.http()
			.call(HttpMethod.PUT, path(getGroup(), getKey()), Map.of(), getValue(), ReactiveExpApiClient.JSON_OBJECT)
			.doOnNext(this::replace)
			.then();
	}

	/**
	 * Deletes the data item.
	 */
	public void delete() {
		Blocking.await(deleteAsync());
	}

	/**
	 * Reactive twin of {@link #delete()}.
	 * @return completes when deleted
	 */
	public Mono<Void> deleteAsync() {
		return this.client.http()
			.call(HttpMethod.DELETE, path(getGroup(), getKey()), Map.of(), null, ReactiveExpApiClient.JSON_OBJECT)
			.then();
	}

	/**
	 * Returns the data item's event bus channel, {@code data:{group}:{key}}.
	 * @return the channel
	 */
	public ExpChannel getChannel() {
		return this.client.channels().channel("data:" + getGroup() + ":" + getKey());
	}

	static String path(String group, String key) {
		return "/api/data/" + group + "/" + key;
	}

}
