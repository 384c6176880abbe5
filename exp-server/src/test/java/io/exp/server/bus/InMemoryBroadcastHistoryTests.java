package io.exp.server.bus;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.MimeTypeUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The bounds of the in-memory broadcast history: by age, by count per channel, by the
 * node's memory.
 */
class InMemoryBroadcastHistoryTests {

	private static final byte[] KILOBYTE = new byte[1024];

	@Test
	void broadcastsOlderThanTheMaxAgeAreDroppedAndTheirAbsenceIsSaid() {
		InMemoryBroadcastHistory history = new InMemoryBroadcastHistory(Duration.ofSeconds(1), 100, 1 << 20, 100_000,
				false, null);
		Serial first = history.record("a", null, KILOBYTE, MimeTypeUtils.APPLICATION_JSON);
		history.record("a", null, KILOBYTE, MimeTypeUtils.APPLICATION_JSON);
		assertThat(history.after("a", first).messages()).hasSize(1);
		await().atMost(Duration.ofSeconds(5)).until(() -> history.after("a", first).discontinuity());
		assertThat(history.after("a", first).messages()).isEmpty();
		assertThat(history.after("a", first).oldest()).isNull();
	}

	@Test
	void theNodesMemoryBoundDropsTheOldestBroadcastsOfAnyChannel() {
		InMemoryBroadcastHistory history = new InMemoryBroadcastHistory(Duration.ofMinutes(2), 100, 10 * 1024, 100_000,
				false, null);
		Serial firstOfA = history.record("a", null, KILOBYTE, null);
		for (int i = 0; i < 20; i++) {
			history.record("b", null, KILOBYTE, null);
		}
		BroadcastHistory.Replay a = history.after("a", new Serial(firstOfA.epoch(), 0));
		assertThat(a.discontinuity()).isTrue();
		assertThat(a.messages()).isEmpty();
		BroadcastHistory.Replay b = history.after("b", new Serial(firstOfA.epoch(), 0));
		assertThat(b.discontinuity()).isTrue();
		assertThat(b.messages()).hasSizeLessThan(10).isNotEmpty();
		assertThat(b.messages().get(b.messages().size() - 1).serial().number()).isEqualTo(20);
	}

	@Test
	void serialsOfAChannelNeverRestartAndASerialNeverAssignedIsRefused() {
		InMemoryBroadcastHistory history = new InMemoryBroadcastHistory(Duration.ofMinutes(2), 2, 1 << 20, 100_000,
				false, null);
		Serial last = null;
		for (int i = 0; i < 5; i++) {
			last = history.record("a", null, KILOBYTE, null);
		}
		assertThat(last.number()).isEqualTo(5);
		assertThat(history.after("a", last).discontinuity()).isFalse();
		Serial future = new Serial(last.epoch(), 6);
		assertThatIllegalArgumentException().isThrownBy(() -> history.after("a", future));
	}

}
