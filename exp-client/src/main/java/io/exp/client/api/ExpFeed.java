package io.exp.client.api;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;

/**
 * A feed (connector) whose data is read with query parameters.
 *
 * @since 0.1.0
 */
public class ExpFeed extends ExpResource {

	ExpFeed(ReactiveExpApiClient client, Map<String, Object> document) {
		super(client, document, ReactiveExpApiClient.FEEDS.path());
	}

	/**
	 * Returns the feed's data.
	 * @param params query parameters passed to the feed
	 * @return the data
	 */
	public Map<String, Object> getData(Map<String, ?> params) {
		return Blocking.await(getDataAsync(params));
	}

	/**
	 * Reactive twin of {@link #getData(Map)}.
	 * @param params query parameters passed to the feed
	 * @return the data
	 */
	public Mono<Map<String, Object>> getDataAsync(Map<String, ?> params) {
		return this.client.http()
			.call(HttpMethod.GET, ReactiveExpApiClient.FEEDS.path() + "/" + getUuid() + "/data", params, null,
					ReactiveExpApiClient.JSON_OBJECT);
	}

}
