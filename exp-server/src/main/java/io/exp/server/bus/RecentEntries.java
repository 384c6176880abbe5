package io.exp.server.bus;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The entries put most recently, each for a while: at most {@code capacity} of them, the
 * eldest forgotten first, and none once its time is up. Safe to share between threads.
 *
 * @param <K> the type of the keys
 * @param <V> the type of the values
 */
public final class RecentEntries<K, V> {

	private final Map<K, Entry<V>> entries;

	private final Duration window;

	private final Clock clock;

	/**
	 * @param capacity how many entries are kept at most
	 * @param window how long an entry is kept after it was put
	 * @param clock the clock
	 */
	public RecentEntries(int capacity, Duration window, Clock clock) {
		this.window = window;
		this.clock = clock;
		this.entries = new LinkedHashMap<>() {

			@Override
			protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
				return size() > capacity;
			}

		};
	}

	/**
	 * Puts an entry, for the window from now.
	 * @param key its key
	 * @param value its value
	 */
	public synchronized void put(K key, V value) {
		this.entries.put(key, new Entry<>(value, this.clock.millis() + this.window.toMillis()));
	}

	/**
	 * Returns the value of an entry while its time is not up.
	 * @param key its key
	 * @return the value, or {@code null} when none is kept or its time is up
	 */
	public synchronized @Nullable V get(K key) {
		Entry<V> entry = this.entries.get(key);
		return (entry != null && entry.until() >= this.clock.millis()) ? entry.value() : null;
	}

	private record Entry<V>(V value, long until) {
	}

}
