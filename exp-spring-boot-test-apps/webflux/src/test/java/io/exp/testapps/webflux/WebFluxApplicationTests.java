package io.exp.testapps.webflux;

import io.exp.testapps.support.EmbeddedServerLeavesTheApplicationAloneTests;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebFlux application stays a reactive one on Reactor Netty with the embedded EXP
 * server beside it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WebFluxApplicationTests extends EmbeddedServerLeavesTheApplicationAloneTests {

	@Test
	void theApplicationKeepsItsReactiveContextOnReactorNetty() {
		assertThat(context()).isInstanceOf(ReactiveWebServerApplicationContext.class);
		assertThat(((ReactiveWebServerApplicationContext) context()).getWebServer().getClass().getSimpleName())
			.isEqualTo("NettyWebServer");
		assertThat(onTheClassPath("org.springframework.web.servlet.DispatcherServlet")).isFalse();
	}

	@Test
	void theApplicationServesItsRouterFunction() {
		assertServesHello(((ReactiveWebServerApplicationContext) context()).getWebServer().getPort());
	}

}
