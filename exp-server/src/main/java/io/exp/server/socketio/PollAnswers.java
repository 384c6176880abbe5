package io.exp.server.socketio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Per Engine.IO session, the bytes of the answers to its polls that were handed to the
 * container and have not left yet (a client that does not read its socket keeps them
 * there), so that they count towards what waits for the client.
 */
final class PollAnswers {

	private final Map<String, Long> unsent = new ConcurrentHashMap<>();

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
