package io.exp.server;

import java.net.InetAddress;

import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Logs once where the server listens, as its connector is bound: the address
 * ({@code server.address}, or all addresses) and port, the REST base URL and the event
 * bus URL.
 */
@Component
class ListeningAddressLogger implements ApplicationListener<WebServerInitializedEvent> {

	private static final Log logger = LogFactory.getLog(ListeningAddressLogger.class);

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() != null) {
			// a separate management server (management.server.port), not the server's own
			return;
		}
		int port = event.getWebServer().getPort();
		InetAddress address = boundAddress(event.getWebServer());
		String bound = (address != null) ? address.getHostAddress() + ":" + port : "all addresses, port " + port;
		String host = (address == null) ? "localhost"
				: (address.getAddress().length == 16) ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
		logger.info("EXP server listening on " + bound + ": REST http://" + host + ":" + port + ", event bus ws://"
				+ host + ":" + port + "/eventbus");
	}

	/**
	 * Returns the address the connector is bound to.
	 * @return the address, or {@code null} when it listens on all addresses
	 */
	static @Nullable InetAddress boundAddress(WebServer server) {
		if (server instanceof TomcatWebServer tomcat) {
			Connector connector = tomcat.getTomcat().getConnector();
			InetAddress address = (InetAddress) connector.getProperty("address");
			return (address == null || address.isAnyLocalAddress()) ? null : address;
		}
		return null;
	}

}
