package io.exp.server.bus;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a reader of the broadcast stream tells, from the appenders' numbers, that entries
 * were lost before the one it reads.
 */
class LostAppendsTests {

	private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final LostAppends lost = new LostAppends(Duration.ofMinutes(2), this.clock);

	@Test
	void theFirstEntryOfAnAppenderTellsNothingWhateverItsNumber() {
		assertThat(this.lost.lostBefore(entry("a.1", 40))).isFalse();
	}

	@Test
	void anEntryOfAnAppenderWhoseNumberOrALaterOneWasReadIsReadAlready() {
		assertThat(this.lost.readAlready(entry("a.1", 3))).isFalse();
		this.lost.lostBefore(entry("a.1", 3));
		this.lost.lostBefore(entry("b.1", 1));
		assertThat(this.lost.readAlready(entry("a.1", 2))).isTrue();
		assertThat(this.lost.readAlready(entry("a.1", 3))).isTrue();
		assertThat(this.lost.readAlready(entry("a.1", 4))).isFalse();
		assertThat(this.lost.readAlready(entry("a.2", 1))).isFalse();
		assertThat(this.lost.readAlready(null)).isFalse();
	}

	@Test
	void entriesThatFollowOnFromTheLastOfTheirAppenderTellNothingWhateverCameBetween() {
		this.lost.lostBefore(entry("a.1", 1));
		this.lost.lostBefore(entry("b.1", 7));
		assertThat(this.lost.lostBefore(entry("a.1", 2))).isFalse();
		assertThat(this.lost.lostBefore(entry("b.1", 8))).isFalse();
	}

	@Test
	void aNumberThatSkipsOthersOfItsAppenderTellsTheyWereLostOnce() {
		this.lost.lostBefore(entry("a.1", 1));
		assertThat(this.lost.lostBefore(entry("a.1", 5))).isTrue();
		assertThat(this.lost.lostBefore(entry("a.1", 6))).isFalse();
	}

	@Test
	void anotherSessionOfTheSameNodeIsANewNumbering() {
		this.lost.lostBefore(entry("a.1", 10));
		assertThat(this.lost.lostBefore(entry("a.2", 1))).isFalse();
	}

	@Test
	void anAppenderNotReadFromForTheMaxAgeIsForgotten() {
		this.lost.lostBefore(entry("a.1", 1));
		this.clock.advance(Duration.ofMinutes(3));
		assertThat(this.lost.lostBefore(entry("a.1", 9))).isFalse();
	}

	@Test
	void theTimeTheNodeDidNotReadDoesNotCountTowardsTheMaxAge() {
		this.lost.lostBefore(entry("a.1", 1));
		this.clock.advance(Duration.ofMinutes(10));
		this.lost.readingAgain();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.lost.lostBefore(entry("b.1", 1))).isFalse();
		assertThat(this.lost.lostBefore(entry("a.1", 9))).isTrue();
	}

	@Test
	void anEntryWithoutANumberTellsNothing() {
		this.lost.lostBefore(entry("a.1", 1));
		assertThat(this.lost.lostBefore(null)).isFalse();
		assertThat(this.lost.lostBefore(entry("a.1", 2))).isFalse();
	}

	private static AppendNumbers.Appended entry(String appender, long number) {
		return new AppendNumbers.Appended(appender, number);
	}

}
