package io.exp.server.bus;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One message of a node on the presence topic ({@link NodePresence#TOPIC}), as JSON.
 * Changes and snapshots carry the node's number ({@code seq}) of its last change, so
 * another node can tell whether it missed one.
 *
 * @param kind what the message says
 * @param seq the number of the node's last change (changes are numbered from 1)
 * @param users the identities that joined ({@link Kind#DELTA}), or this part of all the
 * node's identities ({@link Kind#SNAPSHOT}): by bus user name, its type
 * @param left the identities that left ({@link Kind#DELTA})
 * @param part which part of a snapshot this is, from 0
 * @param parts how many parts the snapshot has
 * @param node the node whose snapshot is asked for, {@code null} for every node
 * ({@link Kind#ASK})
 */
record PresenceAnnouncement(Kind kind, long seq, Map<String, String> users, List<String> left, int part, int parts,
		@Nullable String node) {

	PresenceAnnouncement {
		users = (users != null) ? users : Map.of();
		left = (left != null) ? left : List.of();
	}

	static PresenceAnnouncement delta(long seq, Map<String, String> joined, List<String> left) {
		return new PresenceAnnouncement(Kind.DELTA, seq, joined, left, 0, 0, null);
	}

	static PresenceAnnouncement snapshot(long seq, Map<String, String> users, int part, int parts) {
		return new PresenceAnnouncement(Kind.SNAPSHOT, seq, users, List.of(), part, parts, null);
	}

	static PresenceAnnouncement alive(long seq) {
		return new PresenceAnnouncement(Kind.ALIVE, seq, Map.of(), List.of(), 0, 0, null);
	}

	static PresenceAnnouncement ask(@Nullable String node) {
		return new PresenceAnnouncement(Kind.ASK, 0, Map.of(), List.of(), 0, 0, node);
	}

	static PresenceAnnouncement leaving() {
		return new PresenceAnnouncement(Kind.LEAVING, 0, Map.of(), List.of(), 0, 0, null);
	}

	/**
	 * Returns how many identities the message names.
	 * @return joined and left, or the snapshot part's
	 */
	int size() {
		return this.users.size() + this.left.size();
	}

	enum Kind {

		/** Identities joined or left since the node's previous change. */
		DELTA,

		/** One part of all the node's identities, as of change {@code seq}. */
		SNAPSHOT,

		/** The node is alive, its last change is {@code seq}. */
		ALIVE,

		/** A node asks another one, or all, for a snapshot. */
		ASK,

		/** The node stops: forget it. */
		LEAVING

	}

}
