package io.exp.server.socketio;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.exp.server.auth.Identity;
import io.socket.socketio.server.SocketIoSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One socket.io client on this node: who it is, the channels it listens on, and how many
 * bytes the bridge handed it that have not left yet. A long-polling client receives only
 * when it polls, and the library queues what waits for it without bound; the answers to
 * its polls then wait in the container until it reads them ({@link PollAnswers}). So, as
 * a STOMP session past {@code exp.server.bus.send-buffer-size-limit}, a client for which
 * more than {@code maxQueued} bytes wait, queued or unread, is closed, and nothing more
 * is queued for it. Writing to its queue never waits, and its answers are written without
 * blocking, so a client that stops polling or reading slows no one.
 */
final class SocketIoConnection {

	private static final Log logger = LogFactory.getLog(SocketIoConnection.class);

	private final SocketIoSocket socket;

	private final Identity identity;

	private final long maxQueued;

	private final PollAnswers answers;

	private final Set<String> channels = ConcurrentHashMap.newKeySet();

	private final AtomicLong queued = new AtomicLong();

	private final AtomicBoolean closing = new AtomicBoolean();

	SocketIoConnection(SocketIoSocket socket, Identity identity, long maxQueued, PollAnswers answers) {
		this.socket = socket;
		this.identity = identity;
		this.maxQueued = maxQueued;
		this.answers = answers;
		// the library hands its whole queue to the transport (a poll came, or a WebSocket
		// write): nothing waits in the queue.
		// A packet queued while this runs may go uncounted: the count errs low by what
		// publishers send at that
		// instant, never by what accumulates.
		socket.getClient().getConnection().on("drain", (connection, args) -> this.queued.set(0));
	}

	Identity identity() {
		return this.identity;
	}

	/** The channels (base64url) it listens on. */
	Set<String> channels() {
		return this.channels;
	}

	String id() {
		return this.socket.getId();
	}

	/**
	 * Queues an event for the client, or closes the client if it would leave more than
	 * the limit waiting.
	 * @param bytes about what the event weighs once encoded
	 */
	void send(String event, Object data, long bytes) {
		if (this.closing.get()) {
			return;
		}
		long unread = this.answers.unsent(this.socket.getClient().getConnection().getId());
		if (this.queued.addAndGet(bytes) + unread > this.maxQueued) {
			if (this.closing.compareAndSet(false, true)) {
				logger.warn("Closing socket.io client " + this.socket.getId() + " of " + this.identity.uuid()
						+ ": more than " + this.maxQueued + " bytes wait for it to poll or read "
						+ "(exp.server.bus.send-buffer-size-limit)");
				this.socket.disconnect(true);
			}
			return;
		}
		this.socket.send(event, data);
	}

}
