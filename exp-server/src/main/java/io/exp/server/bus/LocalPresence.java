package io.exp.server.bus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identities this node has announced, and the messages that announce a change of them
 * or all of them, at most {@link #MAX_PER_FRAME} identities in each so that no frame
 * grows with the number of sessions. Not thread-safe: its user sends the messages in the
 * order they are made.
 */
final class LocalPresence {

	/** The most identities one presence message names. */
	static final int MAX_PER_FRAME = 500;

	private final Map<String, String> announced = new HashMap<>();

	private long seq;

	/**
	 * Numbers and returns the changes from the identities announced so far to those held
	 * now, which become the announced ones.
	 * @param now the identities held now: by bus user name, its type
	 * @return the deltas to send, in order, none when nothing changed
	 */
	List<PresenceAnnouncement> changesTo(Map<String, String> now) {
		List<PresenceAnnouncement> deltas = new ArrayList<>();
		Map<String, String> joined = new LinkedHashMap<>();
		List<String> left = new ArrayList<>();
		for (Map.Entry<String, String> user : now.entrySet()) {
			if (!user.getValue().equals(this.announced.get(user.getKey()))) {
				joined.put(user.getKey(), user.getValue());
				flushWhenFull(joined, left, deltas);
			}
		}
		for (String user : this.announced.keySet()) {
			if (!now.containsKey(user)) {
				left.add(user);
				flushWhenFull(joined, left, deltas);
			}
		}
		if (!joined.isEmpty() || !left.isEmpty()) {
			deltas.add(PresenceAnnouncement.delta(++this.seq, joined, left));
		}
		this.announced.keySet().retainAll(now.keySet());
		this.announced.putAll(now);
		return deltas;
	}

	private void flushWhenFull(Map<String, String> joined, List<String> left, List<PresenceAnnouncement> deltas) {
		if (joined.size() + left.size() == MAX_PER_FRAME) {
			deltas.add(PresenceAnnouncement.delta(++this.seq, new LinkedHashMap<>(joined), new ArrayList<>(left)));
			joined.clear();
			left.clear();
		}
	}

	/**
	 * Returns all the identities announced so far, as of the last change, in parts.
	 * @return the parts to send, in order, at least one
	 */
	List<PresenceAnnouncement> snapshot() {
		List<Map<String, String>> chunks = new ArrayList<>();
		Map<String, String> chunk = new LinkedHashMap<>();
		chunks.add(chunk);
		for (Map.Entry<String, String> user : this.announced.entrySet()) {
			if (chunk.size() == MAX_PER_FRAME) {
				chunk = new LinkedHashMap<>();
				chunks.add(chunk);
			}
			chunk.put(user.getKey(), user.getValue());
		}
		List<PresenceAnnouncement> parts = new ArrayList<>();
		for (int i = 0; i < chunks.size(); i++) {
			parts.add(PresenceAnnouncement.snapshot(this.seq, chunks.get(i), i, chunks.size()));
		}
		return parts;
	}

	/**
	 * Returns the message that says this node is alive, with the number of its last
	 * change.
	 * @return the message
	 */
	PresenceAnnouncement alive() {
		return PresenceAnnouncement.alive(this.seq);
	}

}
