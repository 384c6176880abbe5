package io.exp.server.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads the values at a dotted path of a JSON-like document, looking into every element
 * of arrays on the way.
 */
final class DocumentPaths {

	private DocumentPaths() {
	}

	static List<Object> values(Map<String, Object> document, String path) {
		List<Object> current = List.of(document);
		for (String segment : segments(path)) {
			List<Object> next = new ArrayList<>();
			for (Object node : current) {
				if (node instanceof Map<?, ?> map && map.containsKey(segment)) {
					add(next, map.get(segment));
				}
			}
			current = next;
		}
		return current;
	}

	/**
	 * Splits a dotted path into its segments as {@link String#split(String)} does: empty
	 * segments at the end are dropped, so {@code name.} is {@code name}.
	 */
	static String[] segments(String path) {
		return path.split("\\.");
	}

	private static void add(List<Object> values, Object value) {
		if (value instanceof Collection<?> collection) {
			collection.stream().filter((element) -> element != null).forEach(values::add);
		}
		else if (value != null) {
			values.add(value);
		}
	}

}
