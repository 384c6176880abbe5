package io.exp.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Runs the EXP Python SDK's example against EXP and exits:
 * {@code ./mvnw -pl exp-spring-boot-sample spring-boot:run}.
 *
 * @since 0.1.0
 */
@SpringBootApplication
public class SampleApplication {

	/**
	 * Runs the sample.
	 * @param args command line arguments, for example
	 * {@code --sample.embedded-server=false}
	 */
	public static void main(String[] args) {
		System.exit(SpringApplication.exit(SpringApplication.run(SampleApplication.class, args)));
	}

}
