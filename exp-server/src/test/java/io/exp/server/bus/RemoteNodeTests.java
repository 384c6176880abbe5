package io.exp.server.bus;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a node knows of another node's identities ({@link RemoteNode}).
 */
class RemoteNodeTests {

	private static final Duration ASK_AGAIN = Duration.ofSeconds(1);

	private final RemoteNode node = new RemoteNode();

	private long now = 1_000_000_000L;

	@Test
	void aNodeHeardForTheFirstTimeIsAskedForItsSnapshotOnceWhileTheAskStands() {
		hear(PresenceAnnouncement.alive(4));
		assertThat(this.node.shouldAsk(this.now, ASK_AGAIN)).isTrue();
		assertThat(this.node.shouldAsk(this.now + ASK_AGAIN.toNanos() - 1, ASK_AGAIN)).isFalse();
		assertThat(this.node.shouldAsk(this.now + ASK_AGAIN.toNanos(), ASK_AGAIN)).isTrue();
	}

	@Test
	void deltasAfterTheSnapshotApplyInOrderAndOlderOnesAreIgnored() {
		inStepWith(Map.of("a", "device"), 2);
		hear(PresenceAnnouncement.delta(2, Map.of("old", "device"), List.of()));
		hear(PresenceAnnouncement.delta(3, Map.of("b", "user"), List.of("a")));
		hear(PresenceAnnouncement.alive(3));
		assertThat(this.node.users()).containsOnly(Map.entry("b", "user"));
		assertThat(this.node.shouldAsk(this.now, ASK_AGAIN)).isFalse();
	}

	@Test
	void aGapInTheNumbersKeepsWhatWasKnownAndAsksForASnapshotThatReplacesIt() {
		inStepWith(Map.of("a", "device"), 1);
		hear(PresenceAnnouncement.delta(3, Map.of("c", "device"), List.of()));
		assertThat(this.node.users()).containsOnly(Map.entry("a", "device"));
		assertThat(this.node.shouldAsk(this.now, ASK_AGAIN)).isTrue();
		hear(PresenceAnnouncement.snapshot(3, Map.of("b", "device", "c", "device"), 0, 1));
		assertThat(this.node.users()).containsOnly(Map.entry("b", "device"), Map.entry("c", "device"));
		assertThat(this.node.shouldAsk(this.now + ASK_AGAIN.toNanos(), ASK_AGAIN)).isFalse();
	}

	@Test
	void anAliveMessageAheadOfTheLastChangeAppliedShowsAMissedChange() {
		inStepWith(Map.of(), 5);
		hear(PresenceAnnouncement.alive(6));
		assertThat(this.node.shouldAsk(this.now, ASK_AGAIN)).isTrue();
	}

	@Test
	void aSnapshotWithAMissingPartIsDroppedAndAskedForAgain() {
		hear(PresenceAnnouncement.snapshot(7, Map.of("a", "device"), 0, 3));
		assertThat(this.node.shouldAsk(this.now, ASK_AGAIN)).as("while the parts come").isFalse();
		hear(PresenceAnnouncement.snapshot(7, Map.of("c", "device"), 2, 3));
		hear(PresenceAnnouncement.alive(7));
		assertThat(this.node.users()).isEmpty();
		assertThat(this.node.shouldAsk(this.now, ASK_AGAIN)).isTrue();
	}

	@Test
	void aNodeIsFreshUntilItHasNotBeenHeardForTheTimeout() {
		hear(PresenceAnnouncement.alive(0));
		assertThat(this.node.isFresh(this.now + Duration.ofSeconds(3).toNanos() - 1, Duration.ofSeconds(3))).isTrue();
		assertThat(this.node.isFresh(this.now + Duration.ofSeconds(3).toNanos(), Duration.ofSeconds(3))).isFalse();
	}

	private void inStepWith(Map<String, String> users, long seq) {
		hear(PresenceAnnouncement.snapshot(seq, users, 0, 1));
	}

	private void hear(PresenceAnnouncement message) {
		this.node.heard(message, this.now);
	}

}
