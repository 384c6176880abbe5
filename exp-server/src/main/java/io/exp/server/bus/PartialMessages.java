package io.exp.server.bus;

import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Lets the bus's STOMP handler take each WebSocket message in parts as the container
 * reads them, so that a connection keeps receive buffers of {@link #BUFFER_SIZE} bytes
 * instead of buffers as large as the largest message (the main memory cost of a
 * connection). Spring's STOMP decoder reassembles the parts into frames, and refuses a
 * frame larger than {@code exp.server.bus.max-message-size} with an {@code ERROR} frame;
 * the container decodes a text message's UTF-8 across parts, so a character split between
 * two parts arrives whole.
 */
final class PartialMessages extends WebSocketHandlerDecorator {

	/**
	 * The container's per-session receive buffers: bytes, and as many characters for
	 * text.
	 */
	static final int BUFFER_SIZE = 1024;

	PartialMessages(WebSocketHandler delegate) {
		super(delegate);
	}

	/**
	 * Passes on a part unless the server is closing the session: the rest of a frame that
	 * was refused for its size is dropped, rather than refused again part by part.
	 */
	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		if (!NonBlockingSession.isClosing(session)) {
			super.handleMessage(session, message);
		}
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

}
