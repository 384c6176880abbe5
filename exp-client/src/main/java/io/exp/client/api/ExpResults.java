package io.exp.client.api;

import java.util.AbstractList;
import java.util.List;

/**
 * The results of a find: a list of the page's resources that also carries the total
 * number of matches.
 *
 * @param <T> the resource type
 * @since 0.1.0
 */
public final class ExpResults<T> extends AbstractList<T> {

	private final List<T> results;

	private final long total;

	ExpResults(List<T> results, long total) {
		this.results = List.copyOf(results);
		this.total = total;
	}

	/**
	 * Returns how many resources match the query, before {@code limit} and {@code skip}.
	 * @return the total
	 */
	public long getTotal() {
		return this.total;
	}

	@Override
	public T get(int index) {
		return this.results.get(index);
	}

	@Override
	public int size() {
		return this.results.size();
	}

}
