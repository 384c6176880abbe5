package io.exp.server.socketio;

import java.io.IOException;

import io.socket.engineio.server.EngineIoServer;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.HttpRequestHandler;

/**
 * Engine.IO at {@code /socket.io/}: WebSocket upgrades go to the WebSocket transport,
 * everything else to the library's long-polling. Polls ({@code GET}s) wait
 * asynchronously, so a waiting client holds no container thread, and are answered without
 * blocking ({@link NonBlockingPolls}). A polling {@code POST} must say its length, at
 * most {@code exp.server.bus.max-message-size}.
 */
final class EngineIoServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private final transient EngineIoServer engineIo;

	private final transient NonBlockingPolls polls;

	private final transient HttpRequestHandler webSocket;

	private final long maxPostSize;

	EngineIoServlet(EngineIoServer engineIo, NonBlockingPolls polls, HttpRequestHandler webSocket, long maxPostSize) {
		this.engineIo = engineIo;
		this.polls = polls;
		this.webSocket = webSocket;
		this.maxPostSize = maxPostSize;
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response)
			throws IOException, ServletException {
		if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
			this.webSocket.handleRequest(request, response);
		}
		else if ("GET".equals(request.getMethod())) {
			this.polls.serve(request, response);
		}
		else if ("POST".equals(request.getMethod()) && request.getContentLengthLong() < 0) {
			// the library reads a POST whole into memory: only bodies of a known, bounded
			// length
			response.sendError(HttpServletResponse.SC_LENGTH_REQUIRED);
		}
		else if ("POST".equals(request.getMethod()) && request.getContentLengthLong() > this.maxPostSize) {
			response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
		}
		else {
			try {
				this.engineIo.handleRequest(request, response);
			}
			catch (RuntimeException ex) {
				// the library's parser throws on malformed queries (a duplicated
				// parameter, for example)
				if (!response.isCommitted()) {
					response.sendError(HttpServletResponse.SC_BAD_REQUEST);
				}
			}
		}
	}

}
