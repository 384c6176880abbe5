package io.exp.server.bus;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Tomcat's per-connection socket buffers, sized for a node that holds many mostly idle
 * event bus connections: every open connection keeps a read and a write buffer (8 KiB
 * each by default) for as long as it lives, while bus frames are small and larger reads
 * and writes simply take several turns.
 */
@Component
class ConnectionBuffers implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

	/** Bytes of each connection's socket read buffer and of its write buffer. */
	static final int SOCKET_BUFFER_SIZE = 2048;

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		factory.addConnectorCustomizers((connector) -> {
			connector.setProperty("socket.appReadBufSize", String.valueOf(SOCKET_BUFFER_SIZE));
			connector.setProperty("socket.appWriteBufSize", String.valueOf(SOCKET_BUFFER_SIZE));
		});
	}

}
