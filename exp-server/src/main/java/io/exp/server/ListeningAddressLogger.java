package io.exp.server;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Logs where the server listens once its port is known: the REST base URL and the event bus URL.
 */
@Component
class ListeningAddressLogger implements ApplicationListener<WebServerInitializedEvent> {

	private static final Log logger = LogFactory.getLog(ListeningAddressLogger.class);

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		int port = event.getWebServer().getPort();
		logger.info("EXP server listening: REST http://localhost:" + port + ", event bus ws://localhost:" + port
				+ "/eventbus");
	}

}
