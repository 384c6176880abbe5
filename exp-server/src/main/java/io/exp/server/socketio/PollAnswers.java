package io.exp.server.socketio;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The answers to this node's polls that have not ended, and per Engine.IO session the
 * bytes of those that were handed to the container and have not left yet (a client that
 * does not read its socket keeps them there), so that they count towards what waits for
 * the client.
 */
final class PollAnswers {

	private final Set<PollAnswer> open = ConcurrentHashMap.newKeySet();

	private final Map<String, Long> unsent = new ConcurrentHashMap<>();

	void opened(PollAnswer answer) {
		this.open.add(answer);
	}

	void ended(PollAnswer answer) {
		this.open.remove(answer);
	}

	/**
	 * Ends every answer: a poll that waits is answered with Engine.IO's close, one that
	 * is being written is completed.
	 */
	void closeAll() {
		this.open.forEach(PollAnswer::close);
	}

	/**
	 * The bytes of the session's answers that have not left.
	 * @param sid the Engine.IO session id
	 * @return the bytes, 0 when none wait
	 */
	long unsent(String sid) {
		return this.unsent.getOrDefault(sid, 0L);
	}

	void add(@Nullable String sid, long bytes) {
		if (sid != null) {
			this.unsent.merge(sid, bytes, Long::sum);
		}
	}

	void release(@Nullable String sid, long bytes) {
		if (sid != null) {
			this.unsent.computeIfPresent(sid, (key, held) -> (held > bytes) ? held - bytes : null);
		}
	}

}
