package io.exp.testapps.webflux;

import io.exp.testapps.support.Greetings;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A WebFlux application with a router function and an {@code @ExpListen} bean.
 */
@SpringBootApplication
@Import(Greetings.class)
public class WebFluxApplication {

	@Bean
	RouterFunction<ServerResponse> hello() {
		return RouterFunctions.route().GET("/hello", (request) -> ServerResponse.ok().bodyValue("hello")).build();
	}

	public static void main(String[] args) {
		SpringApplication.run(WebFluxApplication.class, args);
	}

}
