package io.exp.server.store;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The text PostgreSQL can hold: it refuses NUL characters (in text and in JSONB alike),
 * and the JDBC driver would send an unpaired surrogate as {@code ?}, silently another
 * text.
 */
final class PostgresText {

	private PostgresText() {
	}

	static boolean storable(String text) {
		return text.indexOf('\0') < 0 && StandardCharsets.UTF_8.newEncoder().canEncode(text);
	}

	/**
	 * Checks every key and string of a document, through its objects and arrays.
	 * @throws IllegalArgumentException when one is not {@link #storable(String)}
	 */
	static void requireStorable(Object value) {
		if (value instanceof String text && !storable(text)) {
			throw new IllegalArgumentException(
					"The document holds a NUL character or an unpaired surrogate, which cannot be stored");
		}
		if (value instanceof Map<?, ?> object) {
			object.forEach((key, member) -> {
				requireStorable(key);
				requireStorable(member);
			});
		}
		if (value instanceof List<?> array) {
			array.forEach(PostgresText::requireStorable);
		}
	}

}
