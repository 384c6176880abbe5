package io.exp.testapps.webmvc;

import io.exp.testapps.support.EmbeddedServerLeavesTheApplicationAloneTests;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring MVC application stays a servlet one on its own Tomcat, with one dispatcher
 * servlet, with the embedded EXP server beside it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WebMvcApplicationTests extends EmbeddedServerLeavesTheApplicationAloneTests {

	@Test
	void theApplicationKeepsItsServletContextOnTomcat() {
		assertThat(context()).isInstanceOf(ServletWebServerApplicationContext.class);
		assertThat(((ServletWebServerApplicationContext) context()).getWebServer().getClass().getSimpleName())
			.isEqualTo("TomcatWebServer");
		assertThat(context().getBeanNamesForType(DispatcherServlet.class)).hasSize(1);
	}

	@Test
	void theApplicationServesItsController() {
		assertServesHello(((ServletWebServerApplicationContext) context()).getWebServer().getPort());
	}

}
