package io.exp.server.bus;

import java.time.Clock;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.simp.stomp.StompHeaders;

/**
 * Tells, as this node reads the broadcast stream the nodes share, that entries were lost
 * before the one it reads: the stream's retention dropped them while the node did not
 * read (its broker connection was down). It remembers, per appender
 * ({@link AppendNumbers}), the last number it read; the next entry of that appender must
 * carry the next number. The first entry read from an appender tells nothing: what came
 * before it is unknown. Appenders not read from for the history's max age are forgotten,
 * and at most {@value #APPENDERS} are remembered, the oldest forgotten first.
 */
final class LostAppends {

	/** The most appenders remembered (a node counts once per broker session). */
	static final int APPENDERS = 1024;

	private final RecentEntries<String, Long> lastRead;

	/**
	 * @param maxAge how long an appender not read from is remembered
	 * @param clock the clock
	 */
	LostAppends(Duration maxAge, Clock clock) {
		this.lastRead = new RecentEntries<>(APPENDERS, maxAge, clock);
	}

	/**
	 * Reads the appender and number of an entry. Called in the stream's order, by one
	 * thread at a time.
	 * @param headers the entry's headers
	 * @return whether entries of its appender before it were lost
	 */
	boolean lostBefore(StompHeaders headers) {
		String appender = headers.getFirst(AppendNumbers.APPENDER);
		long number = number(headers.getFirst(AppendNumbers.NUMBER));
		if (appender == null || number <= 0) {
			return false;
		}
		Long previous = this.lastRead.get(appender);
		if (previous != null && number <= previous) {
			return false;
		}
		this.lastRead.put(appender, number);
		return previous != null && number > previous + 1;
	}

	private static long number(@Nullable String text) {
		try {
			return (text != null) ? Long.parseLong(text) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
