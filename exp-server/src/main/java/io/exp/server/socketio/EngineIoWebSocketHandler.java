package io.exp.server.socketio;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoWebSocket;
import io.socket.engineio.server.utils.ParseQS;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * Engine.IO's WebSocket transport on Spring's WebSocket support, which upgrades the request on any servlet container
 * (the library itself ships adapters for Jetty and JSR-356 endpoints, neither of which fits a servlet that also
 * serves long-polling at the same path). Writes go through a {@link ConcurrentWebSocketSessionDecorator}: the
 * library writes from whichever thread publishes, and a client that stops reading is closed, not waited for.
 */
final class EngineIoWebSocketHandler extends AbstractWebSocketHandler {

	private static final String ADAPTER = EngineIoWebSocketHandler.class.getName() + ".adapter";

	private final EngineIoServer engineIo;

	private final int sendTimeLimit;

	private final int bufferSizeLimit;

	EngineIoWebSocketHandler(EngineIoServer engineIo, int sendTimeLimit, int bufferSizeLimit) {
		this.engineIo = engineIo;
		this.sendTimeLimit = sendTimeLimit;
		this.bufferSizeLimit = bufferSizeLimit;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		Adapter adapter = new Adapter(new ConcurrentWebSocketSessionDecorator(session, this.sendTimeLimit,
				this.bufferSizeLimit, ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE));
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
			this.session.sendMessage(new TextMessage(message));
		}

		@Override
		public void write(byte[] message) throws IOException {
			this.session.sendMessage(new BinaryMessage(message));
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
