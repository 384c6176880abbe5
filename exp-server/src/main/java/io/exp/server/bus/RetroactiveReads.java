package io.exp.server.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.simp.stomp.StompHeaders;

/**
 * Puts back in the order of their numbers the broadcasts this node reads on the topic of
 * sequenced broadcasts ({@link SequencedBroadcasts}) right after it subscribed. ActiveMQ
 * Artemis binds a new subscription queue to the address first, and copies into it the
 * last messages the address kept (a retroactive address) after: a broadcast published in
 * between reaches the node before older ones it has not read, and would pass for a gap.
 * From each subscription until the node reads back the marker it published on the topic
 * once the subscription was made (the broker routes it after the copy), a broadcast whose
 * number does not follow the last one read waits; the marker releases those that wait, in
 * the order of their numbers, and only a number still missing then is a gap.
 */
final class RetroactiveReads {

	private final TreeMap<Long, Read> waiting = new TreeMap<>();

	private @Nullable String awaited;

	/**
	 * Records that the node subscribes to the topic: until it reads back a new marker
	 * ({@link #awaited()}), broadcasts out of order wait.
	 */
	synchronized void subscribing() {
		this.awaited = UUID.randomUUID().toString();
	}

	/**
	 * Returns the marker the node waits for, to publish on the topic once the
	 * subscription is made.
	 * @return the marker of the last subscription, or {@code null} once read back
	 */
	synchronized @Nullable String awaited() {
		return this.awaited;
	}

	/**
	 * Keeps a broadcast read out of order while the node waits for its marker.
	 * @param number the broadcast's number
	 * @param last the last number the node read, -1 before the first
	 * @param headers its headers
	 * @param payload its body
	 * @return whether it waits; if not, the node reads it now
	 */
	synchronized boolean waits(long number, long last, StompHeaders headers, byte[] payload) {
		if (this.awaited == null || (last >= 0 && number <= last + 1)) {
			return false;
		}
		this.waiting.put(number, new Read(headers, payload));
		return true;
	}

	/**
	 * Takes the broadcast that waits with the number after the last one read, dropping
	 * those the node read already.
	 * @param last the last number the node read
	 * @return the broadcast, or {@code null} when none waits with the next number
	 */
	synchronized @Nullable Read next(long last) {
		this.waiting.headMap(last, true).clear();
		Map.Entry<Long, Read> first = this.waiting.firstEntry();
		if (first == null || first.getKey() != last + 1) {
			return null;
		}
		this.waiting.remove(first.getKey());
		return first.getValue();
	}

	/**
	 * Records a marker read on the topic: the node's own ends the wait.
	 * @param marker the marker
	 * @return the broadcasts that waited, in the order of their numbers, if the marker
	 * was the one awaited; none otherwise
	 */
	synchronized List<Read> readMarker(String marker) {
		if (!marker.equals(this.awaited)) {
			return List.of();
		}
		this.awaited = null;
		List<Read> released = new ArrayList<>(this.waiting.values());
		this.waiting.clear();
		return released;
	}

	/**
	 * A broadcast as read on the topic.
	 *
	 * @param headers its headers
	 * @param payload its body
	 */
	record Read(StompHeaders headers, byte[] payload) {
	}

}
