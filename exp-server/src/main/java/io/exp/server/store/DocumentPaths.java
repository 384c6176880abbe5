package io.exp.server.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads the values at a dotted path of a JSON-like document, looking into every element of arrays on the way.
 */
final class DocumentPaths {

	private DocumentPaths() {
	}

	static List<Object> values(Map<String, Object> document, String path) {
		List<Object> current = List.of(document);
		for (String segment : path.split("\\.")) {
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

	private static void add(List<Object> values, Object value) {
		if (value instanceof Collection<?> collection) {
			collection.stream().filter((element) -> element != null).forEach(values::add);
		}
		else if (value != null) {
			values.add(value);
		}
	}

}
