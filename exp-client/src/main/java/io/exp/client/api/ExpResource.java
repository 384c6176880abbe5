package io.exp.client.api;

import java.util.Map;

import io.exp.client.bus.ExpChannel;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;

/**
 * A resource with a uuid: device, thing, experience, location or feed. {@link #save()},
 * {@link #delete()} and {@link #refresh()} as in the EXP Python SDK, each with a reactive
 * twin.
 *
 * @since 0.1.0
 */
public abstract class ExpResource extends ExpDocument {

	private final String basePath;

	ExpResource(ReactiveExpApiClient client, Map<String, Object> document, String basePath) {
		super(client, document);
		this.basePath = basePath;
	}

	/**
	 * Returns the uuid.
	 * @return the uuid
	 */
	public String getUuid() {
		return String.valueOf(this.document.get("uuid"));
	}

	/**
	 * Sets the {@code name} field; {@link #save()} to store it.
	 * @param name the new name
	 */
	public void setName(String name) {
		this.document.put("name", name);
	}

	/**
	 * Stores the document (a merge of its fields) and takes the server's answer as the
	 * new document.
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
			.call(HttpMethod.PATCH, path(), Map.of(), this.document, ReactiveExpApiClient.JSON_OBJECT)
			.doOnNext(this::replace)
			.then();
	}

	/**
	 * Deletes the resource.
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
			.call(HttpMethod.DELETE, path(), Map.of(), null, ReactiveExpApiClient.JSON_OBJECT)
			.then();
	}

	/**
	 * Reads the document again from the server.
	 */
	public void refresh() {
		Blocking.await(refreshAsync());
	}

	/**
	 * Reactive twin of {@link #refresh()}.
	 * @return completes when refreshed
	 */
	public Mono<Void> refreshAsync() {
		return this.client.http()
			.call(HttpMethod.GET, path(), Map.of(), null, ReactiveExpApiClient.JSON_OBJECT)
			.doOnNext(this::replace)
			.then();
	}

	/**
	 * Returns the event bus channel of this resource, named by its uuid.
	 * @return the channel
	 * @throws IllegalStateException when no event bus is bound to the API client
	 */
	public ExpChannel getChannel() {
		return this.client.channels().channel(getUuid());
	}

	private String path() {
		return this.basePath + "/" + getUuid();
	}

}
