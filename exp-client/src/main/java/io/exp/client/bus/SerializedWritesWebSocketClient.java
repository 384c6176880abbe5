package io.exp.client.bus;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * A WebSocket client whose sessions write one frame at a time. The STOMP session writes
 * from many threads (senders, handlers answering requests, subscriptions, its heartbeat
 * task) and a Tomcat WebSocket endpoint refuses a write while another is in progress; a
 * writer waits for its turn instead, which also slows a fast sender to the pace of its
 * socket. (Spring's {@code ConcurrentWebSocketSessionDecorator} does not fit: it queues
 * the frames of writers that find the session busy and, past its buffer limit, closes the
 * session or drops frames, where this bus must lose nothing.)
 */
final class SerializedWritesWebSocketClient implements WebSocketClient {

	private final WebSocketClient delegate;

	SerializedWritesWebSocketClient(WebSocketClient delegate) {
		this.delegate = delegate;
	}

	@Override
	public CompletableFuture<WebSocketSession> execute(WebSocketHandler handler, String uriTemplate,
			@Nullable Object... uriVariables) {
		return this.delegate.execute(new SerializingHandler(handler), uriTemplate, uriVariables);
	}

	@Override
	public CompletableFuture<WebSocketSession> execute(WebSocketHandler handler, @Nullable WebSocketHttpHeaders headers,
			URI uri) {
		return this.delegate.execute(new SerializingHandler(handler), headers, uri);
	}

	/**
	 * Hands the handler of one connection a session that serializes writes, the same one
	 * in every callback: it is made when the connection opens, which is before any other
	 * callback.
	 */
	private static final class SerializingHandler extends WebSocketHandlerDecorator {

		private volatile @Nullable WebSocketSession serialized;

		SerializingHandler(WebSocketHandler delegate) {
			super(delegate);
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) throws Exception {
			WebSocketSession serialized = new SerializedWritesSession(session);
			this.serialized = serialized;
			super.afterConnectionEstablished(serialized);
		}

		@Override
		public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
			super.handleMessage(serialized(session), message);
		}

		@Override
		public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
			super.handleTransportError(serialized(session), exception);
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
			super.afterConnectionClosed(serialized(session), closeStatus);
		}

		private WebSocketSession serialized(WebSocketSession session) {
			WebSocketSession serialized = this.serialized;
			return (serialized != null) ? serialized : session;
		}

	}

	/**
	 * A session whose {@code sendMessage} admits one writer at a time.
	 */
	private static final class SerializedWritesSession extends WebSocketSessionDecorator {

		private final ReentrantLock writes = new ReentrantLock();

		SerializedWritesSession(WebSocketSession delegate) {
			super(delegate);
		}

		@Override
		public void sendMessage(WebSocketMessage<?> message) throws IOException {
			this.writes.lock();
			try {
				super.sendMessage(message);
			}
			finally {
				this.writes.unlock();
			}
		}

	}

}
