package io.exp.server.bus;

import java.time.Duration;
import java.util.concurrent.Executor;

import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * Makes the WebSocket sessions of every bus transport (STOMP, and socket.io for the
 * original SDKs) write without blocking, within the per-session limits
 * ({@code exp.server.bus.send-buffer-size-limit}, {@code exp.server.bus.send-time-limit})
 * and the node's outbound memory: see {@link NonBlockingSession}.
 *
 * @since 0.1.0
 */
public final class NonBlockingSessions {

	private final int messageSizeLimit;

	private final int bufferLimit;

	private final Duration timeLimit;

	private final OutboundMemory memory;

	private final Executor closer;

	NonBlockingSessions(EventBusProperties properties, OutboundMemory memory, Executor closer) {
		this.messageSizeLimit = properties.getMaxMessageSize();
		this.bufferLimit = properties.getSendBufferSizeLimit();
		this.timeLimit = properties.getSendTimeLimit();
		this.memory = memory;
		this.closer = closer;
	}

	/**
	 * Decorates the session of a handler that takes whole messages, so that sending to it
	 * never blocks the caller on its socket, and gives the session receive buffers for
	 * messages up to {@code exp.server.bus.max-message-size} (the container's own are
	 * small: the STOMP bus takes messages in parts). A session without a container
	 * session underneath gets Spring's {@link ConcurrentWebSocketSessionDecorator} with
	 * the same limits.
	 * @param session the session as the container opened it
	 * @return the session to send to
	 */
	public WebSocketSession decorate(WebSocketSession session) {
		session.setTextMessageSizeLimit(this.messageSizeLimit);
		session.setBinaryMessageSizeLimit(this.messageSizeLimit);
		return decorateTakingParts(session);
	}

	/**
	 * Decorates the session of a handler that takes messages in parts, keeping the
	 * container's small receive buffers: see {@link #decorate(WebSocketSession)}.
	 * @param session the session as the container opened it
	 * @return the session to send to
	 */
	WebSocketSession decorateTakingParts(WebSocketSession session) {
		Session nativeSession = nativeSession(session);
		if (nativeSession == null) {
			return new ConcurrentWebSocketSessionDecorator(session, (int) this.timeLimit.toMillis(), this.bufferLimit);
		}
		return new NonBlockingSession(session, nativeSession, this.bufferLimit, this.timeLimit, this.memory,
				this.closer);
	}

	static @Nullable Session nativeSession(WebSocketSession session) {
		return (session instanceof NativeWebSocketSession candidate) ? candidate.getNativeSession(Session.class) : null;
	}

}
