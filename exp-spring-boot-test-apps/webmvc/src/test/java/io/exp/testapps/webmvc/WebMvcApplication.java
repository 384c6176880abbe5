package io.exp.testapps.webmvc;

import io.exp.testapps.support.Greetings;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring MVC application with a controller and an {@code @ExpListen} bean.
 */
@SpringBootApplication
@RestController
@Import(Greetings.class)
public class WebMvcApplication {

	@GetMapping("/hello")
	String hello() {
		return "hello";
	}

	public static void main(String[] args) {
		SpringApplication.run(WebMvcApplication.class, args);
	}

}
