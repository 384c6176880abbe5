package io.exp.boot.test;

import io.exp.client.api.ExpApiClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fixture of the test's own, named by a {@code classpath:} location, is read from the
 * test's class path, which the server's own class loader does not see.
 */
@SpringBootTest(classes = EmbeddedExpServerApp.class, properties = "spring.main.web-application-type=none")
@EmbeddedExpServer(fixture = "classpath:io/exp/boot/test/one-user-fixture.json", username = "tess@example.com",
		password = "tess-password", organization = "tiny")
class CustomFixtureTests {

	@Autowired
	private ExpApiClient api;

	@Test
	void theServerLoadsTheFixtureFromTheTestsClassPath() {
		assertThat(this.api.getDevice("d9000000-0000-4000-8000-000000000001")).isPresent();
		assertThat(this.api.getDevice(ExpFixture.DEVICE_1)).isEmpty();
	}

}
