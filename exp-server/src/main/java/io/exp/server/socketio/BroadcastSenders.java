package io.exp.server.socketio;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Who sent the broadcasts that reached socket.io clients, by id, so that an SDK's
 * response over REST can reach a STOMP broadcaster. Bounded: the most recent
 * {@code capacity} broadcasts, each for the bus's reply window.
 */
final class BroadcastSenders {

	private final Map<String, Sent> sent;

	private final Duration window;

	private final Clock clock;

	BroadcastSenders(int capacity, Duration window, Clock clock) {
		this.window = window;
		this.clock = clock;
		this.sent = new LinkedHashMap<>() {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
				return size() > capacity;
			}

		};
	}

	synchronized void sent(String id, String channel, String sender) {
		this.sent.put(id, new Sent(channel, sender, this.clock.millis() + this.window.toMillis()));
	}

	/**
	 * The uuid of who sent the broadcast with this id on this channel, while answers to
	 * it are still taken.
	 */
	synchronized @Nullable String sender(String id, String channel) {
		Sent sent = this.sent.get(id);
		if (sent == null || !sent.channel().equals(channel) || sent.expiresAt() < this.clock.millis()) {
			return null;
		}
		return sent.sender();
	}

	private record Sent(String channel, String sender, long expiresAt) {
	}

}
