package io.exp.server.store;

import java.util.List;
import java.util.Map;

/**
 * A page of found documents and the number of all matches, answered as {@code {"total",
 * "results"}}.
 *
 * @param total the number of documents matching the filters, before paging
 * @param results the documents of the page
 * @since 0.1.0
 */
public record ResultPage(long total, List<Map<String, Object>> results) {

	public ResultPage {
		results = List.copyOf(results);
	}

}
