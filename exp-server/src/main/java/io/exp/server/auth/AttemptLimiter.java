package io.exp.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts attempts per key in a window that starts at a key's first attempt, and says how
 * long a key that reached the limit must wait. Memory is bounded: windows that ended are
 * forgotten, and beyond {@code maxKeys} the window that started first is forgotten too.
 */
final class AttemptLimiter {

	private final int limit;

	private final Duration window;

	private final int maxKeys;

	private final Clock clock;

	/** The open windows, the one that started first at the head. */
	private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>();

	AttemptLimiter(int limit, Duration window, int maxKeys, Clock clock) {
		this.limit = limit;
		this.window = window;
		this.maxKeys = maxKeys;
		this.clock = clock;
	}

	/**
	 * Returns how long the key must wait before its next attempt.
	 * @param key the key
	 * @return the time until the key's window ends, in whole seconds of at least one,
	 * when it reached the limit
	 */
	synchronized Optional<Duration> retryAfter(String key) {
		Instant now = this.clock.instant();
		forgetEnded(now);
		Window current = this.windows.get(key);
		if (current == null || current.count < this.limit) {
			return Optional.empty();
		}
		Duration left = Duration.between(now, current.end);
		return Optional.of(Duration.ofSeconds(Math.max(1, left.toSeconds() + ((left.toNanosPart() > 0) ? 1 : 0))));
	}

	/**
	 * Counts an attempt of the key, opening its window at the first.
	 * @param key the key
	 */
	synchronized void record(String key) {
		Instant now = this.clock.instant();
		forgetEnded(now);
		Window current = this.windows.get(key);
		if (current != null) {
			current.count++;
			return;
		}
		if (this.windows.size() >= this.maxKeys) {
			Iterator<String> first = this.windows.keySet().iterator();
			first.next();
			first.remove();
		}
		this.windows.put(key, new Window(now.plus(this.window)));
	}

	private void forgetEnded(Instant now) {
		Iterator<Map.Entry<String, Window>> entries = this.windows.entrySet().iterator();
		while (entries.hasNext() && !entries.next().getValue().end.isAfter(now)) {
			entries.remove();
		}
	}

	private static final class Window {

		private final Instant end;

		private int count = 1;

		private Window(Instant end) {
			this.end = end;
		}

	}

}
