package io.exp.server.bus;

import java.time.Duration;
import java.time.Instant;

import io.exp.server.bus.LostAppends.Reading;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a reader of the broadcast log tells, from the appenders' numbers, that entries were
 * lost before the one it reads, or that it read an entry already.
 */
class LostAppendsTests {

	private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final LostAppends lost = new LostAppends(Duration.ofMinutes(2), this.clock);

	@Test
	void theFirstEntryOfAnAppenderTellsNothingWhateverItsNumber() {
		assertThat(this.lost.read(entry("a.1", 40))).isEqualTo(Reading.NEXT);
	}

	@Test
	void anEntryOfAnAppenderWhoseNumberOrALaterOneWasReadIsReadAlready() {
		assertThat(this.lost.read(entry("a.1", 3))).isEqualTo(Reading.NEXT);
		this.lost.read(entry("b.1", 1));
		assertThat(this.lost.read(entry("a.1", 2))).isEqualTo(Reading.READ_ALREADY);
		assertThat(this.lost.read(entry("a.1", 3))).isEqualTo(Reading.READ_ALREADY);
		assertThat(this.lost.read(entry("a.1", 4))).isEqualTo(Reading.NEXT);
		assertThat(this.lost.read(entry("a.1", 4))).isEqualTo(Reading.READ_ALREADY);
		assertThat(this.lost.read(entry("a.2", 1))).isEqualTo(Reading.NEXT);
	}

	@Test
	void entriesThatFollowOnFromTheLastOfTheirAppenderTellNothingWhateverCameBetween() {
		this.lost.read(entry("a.1", 1));
		this.lost.read(entry("b.1", 7));
		assertThat(this.lost.read(entry("a.1", 2))).isEqualTo(Reading.NEXT);
		assertThat(this.lost.read(entry("b.1", 8))).isEqualTo(Reading.NEXT);
	}

	@Test
	void aNumberThatSkipsOthersOfItsAppenderTellsTheyWereLostOnce() {
		this.lost.read(entry("a.1", 1));
		assertThat(this.lost.read(entry("a.1", 5))).isEqualTo(Reading.AFTER_LOST);
		assertThat(this.lost.read(entry("a.1", 6))).isEqualTo(Reading.NEXT);
	}

	@Test
	void anotherSessionOfTheSameNodeIsANewNumbering() {
		this.lost.read(entry("a.1", 10));
		assertThat(this.lost.read(entry("a.2", 1))).isEqualTo(Reading.NEXT);
	}

	@Test
	void anAppenderNotReadFromForTheMaxAgeIsForgotten() {
		this.lost.read(entry("a.1", 1));
		this.clock.advance(Duration.ofMinutes(3));
		assertThat(this.lost.read(entry("a.1", 9))).isEqualTo(Reading.NEXT);
	}

	@Test
	void theTimeTheNodeDidNotReadDoesNotCountTowardsTheMaxAge() {
		this.lost.read(entry("a.1", 1));
		this.clock.advance(Duration.ofMinutes(10));
		this.lost.readingAgain();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.lost.read(entry("b.1", 1))).isEqualTo(Reading.NEXT);
		assertThat(this.lost.read(entry("a.1", 9))).isEqualTo(Reading.AFTER_LOST);
	}

	@Test
	void anEntryWithoutANumberTellsNothing() {
		this.lost.read(entry("a.1", 1));
		assertThat(this.lost.read(null)).isEqualTo(Reading.NEXT);
		assertThat(this.lost.read(entry("a.1", 2))).isEqualTo(Reading.NEXT);
	}

	private static AppendNumbers.Appended entry(String appender, long number) {
		return new AppendNumbers.Appended(appender, number);
	}

}
