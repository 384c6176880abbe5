package io.exp.boot.test;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.exp.boot.autoconfigure.ExpConnectionDetails;
import io.exp.client.auth.ExpCredentials;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.io.Resource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts the embedded server before the test's context refreshes, in its own class
 * loader, registers its {@link ExpTestServer} handle and the {@link ExpConnectionDetails}
 * that point at it, and stops it when the context closes.
 */
class EmbeddedExpServerContextCustomizer implements ContextCustomizer {

	private final EmbeddedExpServer annotation;

	EmbeddedExpServerContextCustomizer(EmbeddedExpServer annotation) {
		this.annotation = annotation;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		ExpTestServer server = ExpTestServer.start(ServerClassLoader.get(EmbeddedExpServer.class.getClassLoader()),
				DurationStyle.detectAndParse(this.annotation.tokenLifetime()), fixtureUrl(context));
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

	/**
	 * The fixture's URL, as the application finds it: the server's class loader does not
	 * see the test's resources.
	 */
	private @Nullable String fixtureUrl(ConfigurableApplicationContext context) {
		String location = this.annotation.fixture();
		if (location.isEmpty()) {
			return null;
		}
		Resource resource = context.getResource(location);
		if (!resource.exists()) {
			throw new IllegalStateException("The fixture '" + location + "' of @EmbeddedExpServer does not exist");
		}
		try {
			return resource.getURL().toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The fixture '" + location + "' of @EmbeddedExpServer has no URL", ex);
		}
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
