package io.exp.server.socketio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The responses gathered for broadcasts POSTed with a {@code timeout}, until their time
 * is up: those POSTed to {@code /api/networks/current/responses} and those sent over
 * STOMP to the broadcaster. Bounded: at most {@code maxPending} broadcasts wait on this
 * node (more are answered with no responses) and each keeps at most {@code maxResponses}.
 */
final class BroadcastResponses {

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private final int maxPending;

	private final int maxResponses;

	BroadcastResponses(int maxPending, int maxResponses) {
		this.maxPending = maxPending;
		this.maxResponses = maxResponses;
	}

	/**
	 * Starts gathering the responses to a broadcast.
	 * @return whether there was room to wait for them
	 */
	boolean expect(String id, String channel, String broadcaster) {
		if (this.pending.size() >= this.maxPending) {
			return false;
		}
		return this.pending.putIfAbsent(id, new Pending(channel, broadcaster, new ArrayList<>())) == null;
	}

	/**
	 * Says whether any broadcast POSTed here still waits for responses: when none does, a
	 * response need not even be read.
	 * @return whether responses are being gathered
	 */
	boolean waiting() {
		return !this.pending.isEmpty();
	}

	/**
	 * Adds a response, if its broadcast is still waiting, on the same channel.
	 * @return whether the response was kept
	 */
	boolean add(String id, String channel, @Nullable Object payload) {
		Pending waiting = this.pending.get(id);
		return waiting != null && add(waiting, channel, payload);
	}

	/**
	 * Adds a response addressed to a bus user, if that user's broadcast is still waiting,
	 * on the same channel.
	 * @param recipient the bus's user name the response was sent to
	 * @return whether the response was kept
	 */
	boolean add(String id, String channel, String recipient, @Nullable Object payload) {
		Pending waiting = this.pending.get(id);
		return waiting != null && waiting.broadcaster().equals(recipient) && add(waiting, channel, payload);
	}

	private boolean add(Pending waiting, String channel, @Nullable Object payload) {
		if (!waiting.channel().equals(channel)) {
			return false;
		}
		synchronized (waiting) {
			if (waiting.payloads().size() >= this.maxResponses) {
				return false;
			}
			waiting.payloads().add(payload);
			return true;
		}
	}

	/**
	 * Stops gathering.
	 * @return the responses gathered, in the order they came
	 */
	List<@Nullable Object> finish(String id) {
		Pending waiting = this.pending.remove(id);
		if (waiting == null) {
			return List.of();
		}
		synchronized (waiting) {
			return new ArrayList<>(waiting.payloads());
		}
	}

	/**
	 * A broadcast awaiting responses.
	 *
	 * @param broadcaster the bus's user name of who POSTed it
	 */
	private record Pending(String channel, String broadcaster, List<@Nullable Object> payloads) {
	}

}
