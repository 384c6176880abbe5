package io.exp.server.bus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.jspecify.annotations.Nullable;

/**
 * Tells, as this node reads the broadcast log the nodes share, that entries were lost
 * before the one it reads (the log's retention dropped them while the node did not read,
 * its broker connection down), or that the entry is a copy of one it read already. It
 * remembers, per appender ({@link AppendNumbers}), the last number it read; the next
 * entry of that appender must carry the next number. The first entry read from an
 * appender tells nothing: what came before it is unknown. At most {@value #APPENDERS}
 * appenders are remembered, the oldest forgotten first, and none the node has not read
 * from for the history's max age of reading time: the time the node did not read, from
 * its last entry before its connection was lost until it reads again, does not count, or
 * a gap longer than the max age would go unnoticed.
 */
final class LostAppends {

	/** The most appenders remembered (a node counts once per broker session). */
	static final int APPENDERS = 1024;

	private final Clock clock;

	private final RecentEntries<String, Long> lastRead;

	private long lastReadAt = -1;

	private long notReading;

	/**
	 * @param maxAge how long, in reading time, an appender not read from is remembered
	 * @param clock the clock
	 */
	LostAppends(Duration maxAge, Clock clock) {
		this.clock = clock;
		this.lastRead = new RecentEntries<>(APPENDERS, maxAge, new ReadingTime());
	}

	/**
	 * Reads the appender and number of an entry. Called in the log's order.
	 * @param appended the entry's appender and number, if it carries them
	 * @return what the entry is to this node
	 */
	synchronized Reading read(AppendNumbers.@Nullable Appended appended) {
		this.lastReadAt = this.clock.millis();
		if (appended == null) {
			return Reading.NEXT;
		}
		Long previous = this.lastRead.get(appended.appender());
		if (previous != null && appended.number() <= previous) {
			return Reading.READ_ALREADY;
		}
		this.lastRead.put(appended.appender(), appended.number());
		return (previous != null && appended.number() > previous + 1) ? Reading.AFTER_LOST : Reading.NEXT;
	}

	/**
	 * Records that the node subscribes to the stream again, after its broker connection
	 * was down: the time since it last read does not count as reading time.
	 */
	synchronized void readingAgain() {
		long now = this.clock.millis();
		if (this.lastReadAt >= 0) {
			this.notReading += now - this.lastReadAt;
		}
		this.lastReadAt = now;
	}

	/** What an entry read is to this node, by its appender and number. */
	enum Reading {

		/**
		 * The first entry read from its appender, the next of its appender, or one
		 * without an appender.
		 */
		NEXT,

		/**
		 * A copy of an entry read already: its number, or a later one of the same
		 * appender, was read before. A node sends again what it did not read back
		 * ({@link LogAppends}), so the log may hold an entry twice.
		 */
		READ_ALREADY,

		/** An entry after others of its appender that were lost. */
		AFTER_LOST

	}

	/** The clock's time less the time the node did not read. */
	private final class ReadingTime extends Clock {

		@Override
		public Instant instant() {
			synchronized (LostAppends.this) {
				return Instant.ofEpochMilli(LostAppends.this.clock.millis() - LostAppends.this.notReading);
			}
		}

		@Override
		public ZoneId getZone() {
			return LostAppends.this.clock.getZone();
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
