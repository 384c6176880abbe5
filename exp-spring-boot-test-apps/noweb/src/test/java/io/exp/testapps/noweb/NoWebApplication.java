package io.exp.testapps.noweb;

import io.exp.testapps.support.Greetings;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * An application without a web server, with an {@code @ExpListen} bean.
 */
@SpringBootApplication
@Import(Greetings.class)
public class NoWebApplication {

	public static void main(String[] args) {
		SpringApplication.run(NoWebApplication.class, args);
	}

}
