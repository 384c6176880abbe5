package io.exp.server.bus;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The requests, and the broadcasts with an id, that this node's sessions sent and still
 * await answers to, so that a session only receives the answers it asked for: the
 * response to a request only from the request's target, once; responses to a broadcast
 * from any identity allowed on its channel, until it expires. Bounded: entries expire
 * after the reply window, and a session keeps at most a fixed number, forgetting its
 * oldest first.
 */
final class PendingReplies {

	private final Map<String, Map<String, Pending>> sessions = new ConcurrentHashMap<>();

	private final long windowNanos;

	private final int perSession;

	PendingReplies(Duration window, int perSession) {
		this.windowNanos = window.toNanos();
		this.perSession = perSession;
	}

	/**
	 * Records that a session awaits answers to a message.
	 * @param sessionId the session that sent the message
	 * @param id the message's id
	 * @param target the uuid of the request's target, or {@code null} for a broadcast
	 */
	void expect(String sessionId, String id, @Nullable String target) {
		Map<String, Pending> pending = this.sessions.computeIfAbsent(sessionId, (key) -> boundedMap());
		synchronized (pending) {
			pending.remove(id);
			pending.put(id, new Pending(target, System.nanoTime() + this.windowNanos));
		}
	}

	/**
	 * Decides whether an answer may reach a session, and consumes the request it answers.
	 * @param sessionId the session the answer is for
	 * @param id the id of the message it answers
	 * @param responder the uuid of the identity that answers
	 * @return whether to deliver it
	 */
	boolean accept(String sessionId, String id, String responder) {
		Map<String, Pending> pending = this.sessions.get(sessionId);
		if (pending == null) {
			return false;
		}
		synchronized (pending) {
			Pending awaited = pending.get(id);
			if (awaited == null) {
				return false;
			}
			if (System.nanoTime() - awaited.expiresAt() > 0) {
				pending.remove(id);
				return false;
			}
			if (awaited.target() == null) {
				return true;
			}
			if (!awaited.target().equals(responder)) {
				return false;
			}
			pending.remove(id);
			return true;
		}
	}

	void forget(String sessionId) {
		this.sessions.remove(sessionId);
	}

	private Map<String, Pending> boundedMap() {
		int limit = this.perSession;
		return new LinkedHashMap<>() {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
				return size() > limit || System.nanoTime() - eldest.getValue().expiresAt() > 0;
			}

		};
	}

	private record Pending(@Nullable String target, long expiresAt) {
	}

}
