package io.exp.server.bus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.websocket.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.SessionLimitExceededException;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * A session whose sends never block on its socket: each message is queued and written
 * with the container's asynchronous send, one at a time, in order. What waits is bounded
 * per session and counted against the node's {@link OutboundMemory}:
 * <ul>
 * <li>when the buffer limit is queued, a message that a client publishes (see
 * {@link #publishing}) waits for room until its publishing deadline, so a fast sender is
 * slowed to what its readers take; still no room then, the session is closed as too
 * slow;</li>
 * <li>messages the server sends on its own (heartbeats, deliveries from a relayed broker)
 * never wait; they close a session that has twice the limit queued;</li>
 * <li>a write in progress for longer than the time limit closes the session.</li>
 * </ul>
 * A session past a bound is refused with {@link SessionLimitExceededException}, which
 * Spring's handler logs and answers by closing the session. A close waits for what is
 * queued (an {@code ERROR} frame before its close always leaves), except when the session
 * is closed for being unreliable, which drops the queue.
 */
final class NonBlockingSession extends WebSocketSessionDecorator {

	private static final Log logger = LogFactory.getLog(NonBlockingSession.class);

	/**
	 * Until when (System.nanoTime) the message this thread publishes for a client may
	 * wait for room; 0: never.
	 */
	private static final ThreadLocal<long[]> publishDeadline = ThreadLocal.withInitial(() -> new long[1]);

	/** Set on the container's session once this one is closing. */
	private static final String CLOSING = NonBlockingSession.class.getName() + ".closing";

	/** Tomcat's longest wait for a blocking send, which its close frame uses. */
	private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private final RemoteEndpoint.Async remote;

	private final Session nativeSession;

	private final int bufferLimit;

	private final long timeLimitNanos;

	private final OutboundMemory memory;

	private final Executor closer;

	private final Deque<WebSocketMessage<?>> queue = new ArrayDeque<>();

	private long queuedBytes;

	private boolean writing;

	private long writeStarted;

	private @Nullable CloseStatus closing;

	private boolean closed;

	NonBlockingSession(WebSocketSession session, Session nativeSession, int bufferLimit, Duration timeLimit,
			OutboundMemory memory, Executor closer) {
		super(session);
		this.nativeSession = nativeSession;
		this.remote = nativeSession.getAsyncRemote();
		this.remote.setSendTimeout(timeLimit.toMillis());
		nativeSession.getUserProperties().put(BLOCKING_SEND_TIMEOUT, Math.min(timeLimit.toMillis(), 2000L));
		this.bufferLimit = bufferLimit;
		this.timeLimitNanos = timeLimit.toNanos();
		this.memory = memory;
		this.closer = closer;
	}

	/**
	 * Runs the fan-out of a message that a client published, letting it wait for room in
	 * the sessions it reaches until the given time has passed.
	 * @param wait the longest wait for room, for all the sessions together
	 * @param fanOut what sends the message
	 */
	static void publishing(Duration wait, Runnable fanOut) {
		publishingUntil(System.nanoTime() + wait.toNanos(), fanOut);
	}

	/**
	 * Runs a fan-out, or a share of one that another thread hands over with its own
	 * deadline ({@link #publishingDeadline()}), letting its messages wait for room until
	 * the deadline; the thread's previous deadline holds again after.
	 * @param deadline until when (System.nanoTime) a message may wait for room; 0: it
	 * never waits
	 * @param fanOut what sends the message
	 */
	static void publishingUntil(long deadline, Runnable fanOut) {
		long[] current = publishDeadline.get();
		long previous = current[0];
		current[0] = deadline;
		try {
			fanOut.run();
		}
		finally {
			current[0] = previous;
		}
	}

	/**
	 * Returns until when the message this thread sends may wait for room.
	 * @return a System.nanoTime, or 0 when it never waits
	 */
	static long publishingDeadline() {
		return publishDeadline.get()[0];
	}

	@Override
	public void sendMessage(WebSocketMessage<?> message) throws IOException {
		int size = message.getPayloadLength();
		synchronized (this) {
			if (this.closed || this.closing != null) {
				return;
			}
			checkProgress();
			long deadline = publishDeadline.get()[0];
			if (deadline != 0) {
				awaitRoom(size, deadline);
				if (this.closed || this.closing != null) {
					return;
				}
			}
			int limit = (deadline != 0) ? this.bufferLimit : 2 * this.bufferLimit;
			if (!this.queue.isEmpty() && this.queuedBytes + size > limit) {
				throw new SessionLimitExceededException(
						"The session's client reads too slowly: more than " + this.bufferLimit
								+ " bytes wait for it (exp.server.bus.send-buffer-size-limit)",
						CloseStatus.SESSION_NOT_RELIABLE);
			}
			this.queue.add(message);
			this.queuedBytes += size;
			this.memory.hold(size);
			if (this.writing) {
				return;
			}
			this.writing = true;
		}
		pump();
	}

	private void checkProgress() {
		if (this.writing && System.nanoTime() - this.writeStarted > this.timeLimitNanos) {
			throw new SessionLimitExceededException("A write to the session has not finished in "
					+ Duration.ofNanos(this.timeLimitNanos).toMillis() + " ms (exp.server.bus.send-time-limit)",
					CloseStatus.SESSION_NOT_RELIABLE);
		}
	}

	private void awaitRoom(int size, long deadline) {
		while (!this.closed && this.closing == null && !this.queue.isEmpty()
				&& this.queuedBytes + size > this.bufferLimit) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return;
			}
			try {
				wait(Math.max(1, left / 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			checkProgress();
		}
	}

	/**
	 * Writes the queued messages one after the other. Runs on the thread that started the
	 * writing or on the container's thread that completed the previous write; a write
	 * that completes before its send returns is continued by this loop rather than by
	 * recursion.
	 */
	private void pump() {
		while (true) {
			WebSocketMessage<?> next;
			synchronized (this) {
				next = this.queue.peek();
				if (next == null || this.closed) {
					this.writing = false;
					if (this.closing != null && !this.closed) {
						closeNow(this.closing);
					}
					return;
				}
				this.writeStarted = System.nanoTime();
			}
			AtomicInteger handoff = new AtomicInteger();
			try {
				send(next, (result) -> {
					written(result.isOK());
					if (!handoff.compareAndSet(0, 2)) {
						pump();
					}
				});
			}
			catch (RuntimeException ex) {
				logger.debug("Could not write to session " + getId(), ex);
				written(false);
				return;
			}
			if (handoff.compareAndSet(0, 1)) {
				return;
			}
		}
	}

	private void send(WebSocketMessage<?> message, SendHandler handler) {
		if (message instanceof TextMessage text) {
			this.remote.sendText(text.getPayload(), handler);
		}
		else if (message instanceof BinaryMessage binary) {
			ByteBuffer payload = binary.getPayload();
			this.remote.sendBinary(payload, handler);
		}
		else {
			throw new IllegalArgumentException("Unsupported message: " + message);
		}
	}

	private void written(boolean ok) {
		synchronized (this) {
			WebSocketMessage<?> done = this.queue.poll();
			if (done != null) {
				release(done.getPayloadLength());
			}
			notifyAll();
			if (!ok) {
				drop();
				if (!this.closed) {
					closeNow(CloseStatus.SESSION_NOT_RELIABLE);
				}
			}
		}
	}

	/**
	 * Whether the server has closed or is closing the session, which may still receive
	 * what the client sent before the close took effect.
	 * @param session the session as the container opened it
	 * @return {@code true} once {@link #close(CloseStatus)} was called on its decorator
	 */
	static boolean isClosing(WebSocketSession session) {
		return session.getAttributes().containsKey(CLOSING);
	}

	@Override
	public void close(CloseStatus status) {
		getDelegate().getAttributes().put(CLOSING, Boolean.TRUE);
		synchronized (this) {
			if (this.closed || this.closing != null) {
				return;
			}
			if (this.writing && !CloseStatus.SESSION_NOT_RELIABLE.equals(status)) {
				this.closing = status;
				return;
			}
			closeNow(status);
		}
	}

	@Override
	public void close() {
		close(CloseStatus.NORMAL);
	}

	private void closeNow(CloseStatus status) {
		getDelegate().getAttributes().put(CLOSING, Boolean.TRUE);
		this.closed = true;
		drop();
		notifyAll();
		// a close sends a close frame, which may wait for a peer that does not read:
		// never on the caller's thread
		this.closer.execute(() -> {
			try {
				if (CloseStatus.SESSION_NOT_RELIABLE.equals(status) && this.nativeSession instanceof WsSession tomcat) {
					// a client that does not read will not answer the close frame either:
					// drop the connection now
					CloseReason reason = new CloseReason(CloseReason.CloseCodes.getCloseCode(status.getCode()),
							status.getReason());
					tomcat.doClose(reason, reason, true);
				}
				else {
					getDelegate().close(status);
				}
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Could not close session " + getId(), ex);
			}
		});
	}

	private void drop() {
		WebSocketMessage<?> inFlight = this.writing ? this.queue.poll() : null;
		this.queue.forEach((message) -> release(message.getPayloadLength()));
		this.queue.clear();
		if (inFlight != null) {
			// released when its write completes or fails
			this.queue.add(inFlight);
		}
	}

	private void release(long bytes) {
		this.queuedBytes -= bytes;
		this.memory.release(bytes);
	}

}
