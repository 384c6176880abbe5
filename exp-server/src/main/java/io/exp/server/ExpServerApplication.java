package io.exp.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Runs the EXP-compatible server on its own: {@code ./mvnw -pl exp-server spring-boot:run}.
 *
 * @since 0.1.0
 */
@SpringBootApplication
public class ExpServerApplication {

	/**
	 * Starts the server with the given command line arguments.
	 * @param args command line arguments, for example {@code --server.port=9000}
	 */
	public static void main(String[] args) {
		SpringApplication.run(ExpServerApplication.class, args);
	}

}
