package io.exp.server.bus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a node announces of its identities ({@link LocalPresence}).
 */
class LocalPresenceTests {

	private final LocalPresence local = new LocalPresence();

	@Test
	void aBurstOfChangesIsSplitIntoNumberedDeltasOfAtMostFiveHundredIdentities() {
		List<PresenceAnnouncement> deltas = this.local.changesTo(users(0, 1_200));
		assertThat(deltas).extracting(PresenceAnnouncement::seq).containsExactly(1L, 2L, 3L);
		assertThat(deltas).extracting(PresenceAnnouncement::size).containsExactly(500, 500, 200);
		assertThat(deltas).flatMap((delta) -> delta.users().keySet()).hasSize(1_200).doesNotHaveDuplicates();
	}

	@Test
	void aDeltaNamesOnlyTheIdentitiesThatJoinedLeftOrChangedType() {
		this.local.changesTo(users(0, 3));
		Map<String, String> now = users(1, 4);
		now.put("user-1", "consumerApp");
		List<PresenceAnnouncement> deltas = this.local.changesTo(now);
		assertThat(deltas).singleElement().satisfies((delta) -> {
			assertThat(delta.seq()).isEqualTo(2);
			assertThat(delta.users()).containsOnly(Map.entry("user-1", "consumerApp"), Map.entry("user-3", "device"));
			assertThat(delta.left()).containsExactly("user-0");
		});
		assertThat(this.local.changesTo(now)).isEmpty();
		assertThat(this.local.alive().seq()).isEqualTo(2);
	}

	@Test
	void aSnapshotHoldsEveryIdentityAsOfTheLastChangeInPartsOfAtMostFiveHundred() {
		this.local.changesTo(users(0, 1_001));
		List<PresenceAnnouncement> parts = this.local.snapshot();
		assertThat(parts).extracting(PresenceAnnouncement::part).containsExactly(0, 1, 2);
		assertThat(parts).allSatisfy((part) -> {
			assertThat(part.parts()).isEqualTo(3);
			assertThat(part.seq()).isEqualTo(3);
			assertThat(part.size()).isLessThanOrEqualTo(LocalPresence.MAX_PER_FRAME);
		});
		assertThat(parts).flatMap((part) -> part.users().keySet()).hasSize(1_001);
	}

	@Test
	void aNodeWithoutIdentitiesSnapshotsOneEmptyPart() {
		assertThat(this.local.snapshot()).singleElement()
			.satisfies((part) -> assertThat(part.users()).isEmpty())
			.satisfies((part) -> assertThat(part.parts()).isEqualTo(1));
	}

	private static Map<String, String> users(int from, int to) {
		Map<String, String> users = new HashMap<>();
		for (int i = from; i < to; i++) {
			users.put("user-" + i, "device");
		}
		return users;
	}

}
