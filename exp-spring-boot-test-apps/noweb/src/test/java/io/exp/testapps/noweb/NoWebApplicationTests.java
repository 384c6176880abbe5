package io.exp.testapps.noweb;

import io.exp.testapps.support.EmbeddedServerLeavesTheApplicationAloneTests;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application without a web server keeps a plain context with the embedded EXP server
 * beside it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE)
class NoWebApplicationTests extends EmbeddedServerLeavesTheApplicationAloneTests {

	@Test
	void theApplicationKeepsAPlainContextWithoutAWebServer() {
		assertThat(context()).isExactlyInstanceOf(AnnotationConfigApplicationContext.class);
		assertThat(onTheClassPath("org.springframework.web.servlet.DispatcherServlet")).isFalse();
		assertThat(onTheClassPath("org.springframework.boot.tomcat.TomcatWebServer")).isFalse();
	}

}
