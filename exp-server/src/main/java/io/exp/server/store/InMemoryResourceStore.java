package io.exp.server.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The default store: documents in memory, in insertion order, for as long as the server
 * runs. Callers get copies, so a document changes only through the store.
 *
 * @since 0.1.0
 */
public class InMemoryResourceStore implements ResourceStore {

	private final Map<String, Map<String, Map<String, Object>>> buckets = new ConcurrentHashMap<>();

	@Override
	public ResultPage find(String organization, String kind, ResourceQuery query) {
		Map<String, Map<String, Object>> bucket = bucket(organization, kind);
		List<Map<String, Object>> all;
		synchronized (bucket) {
			all = bucket.values().stream().map(InMemoryResourceStore::copy).toList();
		}
		return query.apply(all);
	}

	@Override
	public Optional<Map<String, Object>> get(String organization, String kind, String id) {
		Map<String, Map<String, Object>> bucket = bucket(organization, kind);
		synchronized (bucket) {
			return Optional.ofNullable(bucket.get(id)).map(InMemoryResourceStore::copy);
		}
	}

	@Override
	public Map<String, Object> put(String organization, String kind, String id, Map<String, Object> document) {
		Map<String, Map<String, Object>> bucket = bucket(organization, kind);
		synchronized (bucket) {
			bucket.put(id, copy(document));
		}
		return copy(document);
	}

	@Override
	public Optional<Map<String, Object>> update(String organization, String kind, String id,
			UnaryOperator<Map<String, Object>> change) {
		Map<String, Map<String, Object>> bucket = bucket(organization, kind);
		synchronized (bucket) {
			Map<String, Object> current = bucket.get(id);
			if (current == null) {
				return Optional.empty();
			}
			Map<String, Object> updated = copy(change.apply(copy(current)));
			bucket.put(id, updated);
			return Optional.of(copy(updated));
		}
	}

	@Override
	public boolean delete(String organization, String kind, String id) {
		Map<String, Map<String, Object>> bucket = bucket(organization, kind);
		synchronized (bucket) {
			return bucket.remove(id) != null;
		}
	}

	private Map<String, Map<String, Object>> bucket(String organization, String kind) {
		return this.buckets.computeIfAbsent(organization + '\u0000' + kind, (key) -> new LinkedHashMap<>());
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> copy(Map<?, ?> document) {
		Map<String, Object> copy = new LinkedHashMap<>();
		document.forEach((key, value) -> copy.put((String) key, deepCopy(value)));
		return copy;
	}

	private static Object deepCopy(Object value) {
		if (value instanceof Map<?, ?> map) {
			return copy(map);
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			list.forEach((element) -> copy.add(deepCopy(element)));
			return copy;
		}
		return value;
	}

}
