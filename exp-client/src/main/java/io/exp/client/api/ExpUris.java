package io.exp.client.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Builds API URIs with every query name and value encoded strictly:
 * {@code UriComponentsBuilder.encode()} leaves {@code +} as it is (legal in a query), and
 * servers read it as a space, so names and values are encoded here as URI components and
 * the builder is told they are encoded.
 */
final class ExpUris {

	private ExpUris() {
	}

	static URI of(String base, String path, Map<String, ?> query) {
		return of(URI.create(base), path, query);
	}

	static URI of(URI base, String path, Map<String, ?> query) {
		UriComponentsBuilder builder = UriComponentsBuilder.fromUri(base)
			.path(UriUtils.encodePath(path, StandardCharsets.UTF_8));
		query.forEach((name, value) -> builder.queryParam(encode(name), encode(String.valueOf(value))));
		return builder.build(true).toUri();
	}

	private static String encode(String text) {
		return UriUtils.encode(text, StandardCharsets.UTF_8);
	}

}
