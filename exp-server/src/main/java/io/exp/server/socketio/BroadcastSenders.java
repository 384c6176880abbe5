package io.exp.server.socketio;

import java.time.Clock;
import java.time.Duration;

import io.exp.server.bus.RecentEntries;
import org.jspecify.annotations.Nullable;

/**
 * Who sent the broadcasts that reached socket.io clients, by id, so that an SDK's
 * response over REST can reach a STOMP broadcaster. Bounded: the most recent
 * {@code capacity} broadcasts, each for the bus's reply window.
 */
final class BroadcastSenders {

	private final RecentEntries<String, Sent> sent;

	BroadcastSenders(int capacity, Duration window, Clock clock) {
		this.sent = new RecentEntries<>(capacity, window, clock);
	}

	void sent(String id, String channel, String sender) {
		this.sent.put(id, new Sent(channel, sender));
	}

	/**
	 * The uuid of who sent the broadcast with this id on this channel, while answers to
	 * it are still taken.
	 */
	@Nullable String sender(String id, String channel) {
		Sent sent = this.sent.get(id);
		return (sent != null && sent.channel().equals(channel)) ? sent.sender() : null;
	}

	private record Sent(String channel, String sender) {
	}

}
