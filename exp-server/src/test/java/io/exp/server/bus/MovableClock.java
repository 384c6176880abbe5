package io.exp.server.bus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock, in UTC, that stands still at an instant until a test moves it.
 */
final class MovableClock extends Clock {

	private volatile Instant now;

	/**
	 * @param now the instant it starts at
	 */
	MovableClock(Instant now) {
		this.now = now;
	}

	/**
	 * Moves the clock on.
	 * @param duration how far
	 */
	void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
