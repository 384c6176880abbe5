package io.exp.server.bus;

import org.junit.jupiter.api.Test;

import org.springframework.messaging.simp.stomp.StompHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a node appends again to the input of the sequenced broadcasts, and when.
 */
class UnconfirmedAppendsTests {

	private final UnconfirmedAppends unconfirmed = new UnconfirmedAppends(1000, 10000, 3);

	@Test
	void anEntryReadBackIsNeverAppendedAgain() {
		this.unconfirmed.add(entry("a.1", 1), new byte[0], 0);
		this.unconfirmed.confirmed(AppendNumbers.Appended.of(entry("a.1", 1)));
		assertThat(this.unconfirmed.due(5000, true)).isEmpty();
	}

	@Test
	void anEntryNotReadBackIsDueAfterItsWaitThenAfterTwiceAsLong() {
		this.unconfirmed.add(entry("a.1", 1), new byte[0], 0);
		assertThat(this.unconfirmed.due(999, false)).isEmpty();
		assertThat(this.unconfirmed.due(1000, false)).hasSize(1);
		assertThat(this.unconfirmed.due(2999, false)).isEmpty();
		assertThat(this.unconfirmed.due(3000, false)).hasSize(1);
	}

	@Test
	void everyEntryNotReadBackIsDueWhenANewSequencerShowsInTheOrderAppended() {
		this.unconfirmed.add(entry("a.1", 2), "second".getBytes(), 0);
		this.unconfirmed.add(entry("a.1", 3), "third".getBytes(), 10);
		assertThat(this.unconfirmed.due(20, true)).extracting((due) -> new String(due.payload()))
			.containsExactly("second", "third");
	}

	@Test
	void theSameAppenderAndNumberAreAppendedAgain() {
		this.unconfirmed.add(entry("a.1", 7), new byte[0], 0);
		StompHeaders again = this.unconfirmed.due(1000, false).get(0).headers();
		assertThat(again.getFirst(AppendNumbers.APPENDER)).isEqualTo("a.1");
		assertThat(again.getFirst(AppendNumbers.NUMBER)).isEqualTo("7");
	}

	@Test
	void anEntryIsGivenUpAfterItsTimeAndTheOldestBeyondTheCapacity() {
		this.unconfirmed.add(entry("a.1", 1), new byte[0], 0);
		this.unconfirmed.add(entry("a.1", 2), new byte[0], 5000);
		assertThat(this.unconfirmed.due(10000, true)).hasSize(1);
		for (int n = 3; n <= 6; n++) {
			this.unconfirmed.add(entry("a.1", n), new byte[0], 10000);
		}
		assertThat(this.unconfirmed.size()).isEqualTo(3);
	}

	private static StompHeaders entry(String appender, long number) {
		StompHeaders headers = new StompHeaders();
		headers.set(AppendNumbers.APPENDER, appender);
		headers.set(AppendNumbers.NUMBER, Long.toString(number));
		return headers;
	}

}
