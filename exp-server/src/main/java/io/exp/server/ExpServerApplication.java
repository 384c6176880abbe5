package io.exp.server;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Runs the EXP-compatible server on its own:
 * {@code ./mvnw -pl exp-server spring-boot:run}.
 *
 * @since 0.1.0
 */
@SpringBootApplication
public class ExpServerApplication {

	/**
	 * Configuration files the server reads: its own defaults, then a standalone
	 * deployment's own file.
	 */
	static final String CONFIG_NAMES = "exp-server,application";

	/**
	 * Tomcat's WebSocket buffers of every session (its read buffer, its write buffer and
	 * its text encoder's), 8 KiB each by default; a JVM-wide setting that Tomcat reads
	 * once, so the standalone server sets it before starting.
	 */
	static final String WEBSOCKET_BUFFER_SIZE = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	/**
	 * Starts the server with the given command line arguments.
	 * @param args command line arguments, for example {@code --server.port=9000}
	 */
	public static void main(String[] args) {
		if (System.getProperty(WEBSOCKET_BUFFER_SIZE) == null) {
			System.setProperty(WEBSOCKET_BUFFER_SIZE, "4096");
		}
		new SpringApplicationBuilder(ExpServerApplication.class)
			.properties("spring.config.name=" + CONFIG_NAMES, "spring.application.name=exp-server")
			.run(args);
	}

}
