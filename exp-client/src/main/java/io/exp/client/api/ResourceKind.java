package io.exp.client.api;

import java.util.Map;
import java.util.function.BiFunction;

/**
 * One kind of uuid-identified resource: its path and how to wrap its documents.
 *
 * @param <T> the resource type
 * @param path the collection path, for example {@code /api/devices}
 * @param factory wraps a document
 */
record ResourceKind<T extends ExpDocument>(String path,
		BiFunction<ReactiveExpApiClient, Map<String, Object>, T> factory) {

	String singular() {
		String last = this.path.substring(this.path.lastIndexOf('/') + 1);
		return last.endsWith("s") ? last.substring(0, last.length() - 1) : last;
	}

}
