package io.exp.server.store;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.MultiValueMap;

/**
 * A find query: field filters on (dotted) document paths, {@code limit}, {@code skip} and
 * {@code sort}.
 * <p>
 * A filter matches when the value at its path equals it as text; a path through an array
 * matches when any element does, so {@code location.zones.key=lobby} finds devices in the
 * lobby zone.
 *
 * @param filters path to expected value
 * @param limit the largest number of results
 * @param skip how many matches to skip
 * @param sort the path to sort on, {@code -} first for descending, or {@code null}
 * @since 0.1.0
 */
public record ResourceQuery(Map<String, String> filters, int limit, int skip, @Nullable String sort) {

	/** The default and largest {@code limit}. */
	public static final int MAX_LIMIT = 1000;

	private static final Set<String> RESERVED = Set.of("limit", "skip", "sort", "_rt");

	public ResourceQuery {
		filters = Map.copyOf(filters);
		if (limit < 0 || skip < 0) {
			throw new IllegalArgumentException("limit and skip must not be negative");
		}
	}

	/**
	 * Reads a query from request parameters.
	 * @param parameters the request's query parameters
	 * @return the query
	 * @throws IllegalArgumentException when limit or skip is not a non-negative number
	 */
	public static ResourceQuery of(MultiValueMap<String, String> parameters) {
		Map<String, String> filters = new LinkedHashMap<>();
		parameters.forEach((name, values) -> {
			if (!RESERVED.contains(name) && !values.isEmpty()) {
				filters.put(name, values.get(0));
			}
		});
		return new ResourceQuery(filters, Math.min(number(parameters, "limit", MAX_LIMIT), MAX_LIMIT),
				number(parameters, "skip", 0), parameters.getFirst("sort"));
	}

	/**
	 * Returns a query with the given filters and default paging.
	 * @param filters path to expected value
	 * @return the query
	 */
	public static ResourceQuery filter(Map<String, String> filters) {
		return new ResourceQuery(filters, MAX_LIMIT, 0, null);
	}

	private static int number(MultiValueMap<String, String> parameters, String name, int fallback) {
		String value = parameters.getFirst(name);
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Query parameter '" + name + "' must be a number, not '" + value + "'");
		}
	}

	/**
	 * Whether a document matches every filter.
	 * @param document the document
	 * @return {@code true} when it matches
	 */
	public boolean matches(Map<String, Object> document) {
		return this.filters.entrySet()
			.stream()
			.allMatch((filter) -> DocumentPaths.values(document, filter.getKey())
				.stream()
				.anyMatch((value) -> filter.getValue().equals(String.valueOf(value))));
	}

	/**
	 * Applies the filters, sort and paging to documents.
	 * @param documents all documents of a kind in one organization
	 * @return the page
	 */
	public ResultPage apply(List<Map<String, Object>> documents) {
		List<Map<String, Object>> matching = documents.stream().filter(this::matches).toList();
		List<Map<String, Object>> sorted = (this.sort != null)
				? matching.stream().sorted(comparator(this.sort)).toList() : matching;
		return new ResultPage(matching.size(), sorted.stream().skip(this.skip).limit(this.limit).toList());
	}

	private static Comparator<Map<String, Object>> comparator(String sort) {
		boolean descending = sort.startsWith("-");
		String path = descending ? sort.substring(1) : sort;
		Comparator<Map<String, Object>> ascending = Comparator.comparing((
				document) -> DocumentPaths.values(document, path).stream().findFirst().map(String::valueOf).orElse(""));
		return descending ? ascending.reversed() : ascending;
	}

}
