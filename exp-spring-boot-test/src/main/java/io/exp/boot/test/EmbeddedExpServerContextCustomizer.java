package io.exp.boot.test;

import io.exp.boot.autoconfigure.ExpConnectionDetails;
import io.exp.client.auth.ExpCredentials;
import io.exp.server.ExpServer;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts the embedded server before the test's context refreshes, registers it and the
 * {@link ExpConnectionDetails} that point at it, and stops it when the context closes.
 */
class EmbeddedExpServerContextCustomizer implements ContextCustomizer {

	private final EmbeddedExpServer annotation;

	EmbeddedExpServerContextCustomizer(EmbeddedExpServer annotation) {
		this.annotation = annotation;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		ExpServer.Builder builder = ExpServer.builder()
			.tokenLifetime(DurationStyle.detectAndParse(this.annotation.tokenLifetime()));
		if (!this.annotation.fixture().isEmpty()) {
			builder.fixture(this.annotation.fixture());
		}
		ExpServer server = builder.start();
		ExpCredentials credentials = this.annotation.deviceUuid().isEmpty()
				? ExpCredentials.user(this.annotation.username(), this.annotation.password(),
						this.annotation.organization())
				: ExpCredentials.device(this.annotation.deviceUuid(), this.annotation.deviceSecret(), false);
		context.getBeanFactory().registerSingleton("embeddedExpServer", server);
		context.getBeanFactory().registerSingleton("embeddedExpConnectionDetails", new ExpConnectionDetails() {

			@Override
			public String getBaseUrl() {
				return server.getUrl();
			}

			@Override
			public ExpCredentials getCredentials() {
				return credentials;
			}

		});
		context.addApplicationListener((event) -> {
			if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
				server.close();
			}
		});
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof EmbeddedExpServerContextCustomizer customizer)
				&& this.annotation.equals(customizer.annotation);
	}

	@Override
	public int hashCode() {
		return this.annotation.hashCode();
	}

}
