package io.exp.server.socketio;

import java.io.IOException;

import io.socket.engineio.server.EngineIoServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Engine.IO's HTTP long-polling transport at {@code /socket.io/}: the library does the work; polls wait
 * asynchronously, so a waiting client holds no container thread.
 */
final class EngineIoServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private final transient EngineIoServer engineIo;

	EngineIoServlet(EngineIoServer engineIo) {
		this.engineIo = engineIo;
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.engineIo.handleRequest(request, response);
	}

}
