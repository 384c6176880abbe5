package io.exp.boot.test;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.exp.client.annotation.ExpListen;
import io.exp.client.bus.ExpEventBus;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user application that chooses an experience and a location ({@code exp.experience},
 * {@code exp.location}) hears the devices there on its well-known channels, against the
 * embedded server.
 */
@SpringBootTest(properties = { "spring.main.web-application-type=none", "exp.experience=" + ExpFixture.EXPERIENCE_1,
		"exp.location=" + ExpFixture.LOCATION_1 })
@EmbeddedExpServer
class ChosenExperienceAndLocationTests {

	@Autowired
	private ExpTestServer server;

	@Autowired
	private ExpEventBus appBus;

	@Autowired
	private Listeners listeners;

	@Test
	void theWellKnownChannelsAreTheChosenExperiencesAndLocations() {
		assertThat(this.appBus.experience().getName()).isEqualTo(ExpFixture.EXPERIENCE_1);
		assertThat(this.appBus.location().getName()).isEqualTo(ExpFixture.LOCATION_1);
	}

	@Test
	void listenersOnTheExperienceAndLocationChannelsHearTheDevicesThere() throws Exception {
		ExpEventBus device = TestDevices.device1(this.server);
		device.start();
		try {
			device.experience().broadcast("hello", "in the experience");
			assertThat(this.listeners.heard.poll(10, TimeUnit.SECONDS)).isEqualTo("experience: in the experience");
			device.location().broadcast("hello", "in the location");
			assertThat(this.listeners.heard.poll(10, TimeUnit.SECONDS)).isEqualTo("location: in the location");
		}
		finally {
			device.stop();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		Listeners listeners() {
			return new Listeners();
		}

	}

	static class Listeners {

		final BlockingQueue<String> heard = new LinkedBlockingQueue<>();

		@ExpListen(channel = "experience", name = "hello")
		void experience(String payload) {
			this.heard.add("experience: " + payload);
		}

		@ExpListen(channel = "location", name = "hello")
		void location(String payload) {
			this.heard.add("location: " + payload);
		}

	}

}
