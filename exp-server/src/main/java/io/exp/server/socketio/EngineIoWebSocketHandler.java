package io.exp.server.socketio;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.exp.server.bus.NonBlockingSessions;
import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoWebSocket;
import io.socket.engineio.server.utils.ParseQS;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.SessionLimitExceededException;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * Engine.IO's WebSocket transport on Spring's WebSocket support, which upgrades the
 * request on any servlet container (the library itself ships adapters for Jetty and
 * JSR-356 endpoints, neither of which fits a servlet that also serves long-polling at the
 * same path). The library writes from whichever thread publishes, so sessions are the
 * bus's {@link NonBlockingSessions}: a write never waits on the client's socket, and a
 * client past the bus's per-session limits is closed with a WARN that names the limit, as
 * a STOMP client would be.
 */
final class EngineIoWebSocketHandler extends AbstractWebSocketHandler {

	private static final Log logger = LogFactory.getLog(EngineIoWebSocketHandler.class);

	private static final String ADAPTER = EngineIoWebSocketHandler.class.getName() + ".adapter";

	private final EngineIoServer engineIo;

	private final NonBlockingSessions sessions;

	EngineIoWebSocketHandler(EngineIoServer engineIo, NonBlockingSessions sessions) {
		this.engineIo = engineIo;
		this.sessions = sessions;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		Adapter adapter = new Adapter(this.sessions.decorate(session));
		session.getAttributes().put(ADAPTER, adapter);
		this.engineIo.handleWebSocket(adapter);
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		adapter(session).emit("message", message.getPayload());
	}

	@Override
	protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
		byte[] bytes = new byte[message.getPayloadLength()];
		message.getPayload().get(bytes);
		adapter(session).emit("message", (Object) bytes);
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		adapter(session).emit("error", "transport error", String.valueOf(exception.getMessage()));
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		adapter(session).emit("close");
	}

	private static Adapter adapter(WebSocketSession session) {
		return (Adapter) session.getAttributes().get(ADAPTER);
	}

	private static final class Adapter extends EngineIoWebSocket {

		private final WebSocketSession session;

		private final Map<String, String> query;

		private final Map<String, List<String>> headers;

		Adapter(WebSocketSession session) {
			this.session = session;
			URI uri = session.getUri();
			String rawQuery = (uri != null) ? uri.getRawQuery() : null;
			this.query = ParseQS.decode((rawQuery != null) ? rawQuery : "");
			Map<String, List<String>> headers = new LinkedHashMap<>();
			session.getHandshakeHeaders().forEach(headers::put);
			this.headers = headers;
		}

		@Override
		public Map<String, String> getQuery() {
			return this.query;
		}

		@Override
		public Map<String, List<String>> getConnectionHeaders() {
			return this.headers;
		}

		@Override
		public void write(String message) throws IOException {
			send(new TextMessage(message));
		}

		@Override
		public void write(byte[] message) throws IOException {
			send(new BinaryMessage(message));
		}

		private void send(WebSocketMessage<?> message) throws IOException {
			try {
				this.session.sendMessage(message);
			}
			catch (SessionLimitExceededException ex) {
				logger.warn("Closing socket.io session " + this.session.getId() + ": " + ex.getMessage());
				this.session.close(CloseStatus.SESSION_NOT_RELIABLE);
			}
		}

		@Override
		public void close() {
			try {
				this.session.close();
			}
			catch (IOException ex) {
				// closed already
			}
		}

	}

}
