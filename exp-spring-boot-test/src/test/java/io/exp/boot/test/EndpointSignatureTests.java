package io.exp.boot.test;

import java.util.Map;

import io.exp.boot.autoconfigure.ExpAutoConfiguration;
import io.exp.client.annotation.ExpListen;
import io.exp.client.annotation.ExpRespond;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Impossible signatures fail the start with a message naming the bean and the method,
 * before any connection.
 */
class EndpointSignatureTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ExpAutoConfiguration.class))
		.withPropertyValues("exp.username=" + ExpFixture.JOE, "exp.password=" + ExpFixture.JOE_PASSWORD,
				"exp.organization=" + ExpFixture.ORGANIZATION);

	@Test
	void twoPayloadParametersFailTheStart() {
		this.runner.withBean("twoPayloads", TwoPayloads.class)
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("twoPayloads.listen")
				.hasMessageContaining("2 payload parameters"));
	}

	@Test
	void aResponderReturningVoidFailsTheStart() {
		this.runner.withBean("voidResponder", VoidResponder.class)
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("voidResponder.respond")
				.hasMessageContaining("returns void"));
	}

	@Test
	void anUnknownChannelFailsTheStartSuggestingCustomChannel() {
		this.runner.withBean("unknownChannel", UnknownChannel.class)
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("unknownChannel.listen")
				.hasMessageContaining("unknown channel 'lobby'")
				.hasMessageContaining("customChannel = \"lobby\""));
	}

	static class TwoPayloads {

		@ExpListen(channel = "organization", name = "x")
		void listen(Map<String, Object> one, String two) {
		}

	}

	static class VoidResponder {

		@ExpRespond(channel = "organization", name = "x")
		void respond(String payload) {
		}

	}

	static class UnknownChannel {

		@ExpListen(channel = "lobby", name = "x")
		void listen(String payload) {
		}

	}

}
