package io.exp.benchmarks.bus;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * The plain stack the event bus is compared with: a Spring Boot app with Spring's simple
 * broker and every setting at its default, no EXP code. Clients talk through broker
 * destinations directly ({@code /topic/...}).
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableWebSocketMessageBroker
public class StockStompServer implements WebSocketMessageBrokerConfigurer {

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/stomp");
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		registry.enableSimpleBroker("/topic");
		registry.setApplicationDestinationPrefixes("/app");
	}

	/**
	 * Starts the server on a free port.
	 * @return the running application; its URL is {@code ws://localhost:<port>/stomp}
	 */
	public static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(StockStompServer.class).run("--server.port=0",
				"--spring.main.banner-mode=off", "--logging.level.root=warn");
	}

	/**
	 * Returns the STOMP URL of a running server.
	 * @param context the running application
	 * @return its WebSocket URL
	 */
	public static String url(ConfigurableApplicationContext context) {
		return "ws://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort() + "/stomp";
	}

}
