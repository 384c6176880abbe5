package io.exp.server.socketio;

import java.io.IOException;

import io.socket.engineio.server.EngineIoServer;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.HttpRequestHandler;

/**
 * Engine.IO at {@code /socket.io/}: WebSocket upgrades go to the WebSocket transport, everything else to the
 * library's long-polling, whose polls wait asynchronously, so a waiting client holds no container thread.
 */
final class EngineIoServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private final transient EngineIoServer engineIo;

	private final transient HttpRequestHandler webSocket;

	EngineIoServlet(EngineIoServer engineIo, HttpRequestHandler webSocket) {
		this.engineIo = engineIo;
		this.webSocket = webSocket;
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response)
			throws IOException, ServletException {
		if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
			this.webSocket.handleRequest(request, response);
		}
		else {
			this.engineIo.handleRequest(request, response);
		}
	}

}
