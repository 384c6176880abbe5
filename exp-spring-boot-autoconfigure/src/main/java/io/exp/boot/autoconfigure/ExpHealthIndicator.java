package io.exp.boot.autoconfigure;

import java.time.Instant;

import io.exp.client.api.ReactiveExpApiClient;
import io.exp.client.auth.ExpAuth;
import io.exp.client.bus.ExpEventBus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of EXP from the client's state, without a network call per check: up when the
 * API client holds an unexpired token and the event bus (when there is one) is connected.
 *
 * @since 0.1.0
 */
public class ExpHealthIndicator extends AbstractHealthIndicator {

	private final ReactiveExpApiClient api;

	private final @Nullable ExpEventBus eventBus;

	/**
	 * Creates an indicator.
	 * @param api the API client
	 * @param eventBus the event bus, or {@code null} when it is disabled
	 */
	public ExpHealthIndicator(ReactiveExpApiClient api, @Nullable ExpEventBus eventBus) {
		super("EXP health check failed");
		this.api = api;
		this.eventBus = eventBus;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		ExpAuth auth = this.api.getCurrentAuth();
		boolean authenticated = auth != null && auth.expiration().isAfter(Instant.now());
		builder.withDetail("authenticated", authenticated);
		if (auth != null) {
			builder.withDetail("identity", auth.identity().type() + " " + auth.identity().uuid())
				.withDetail("organization", auth.identity().organization());
		}
		boolean connected = this.eventBus == null || this.eventBus.isConnected();
		if (this.eventBus != null) {
			builder.withDetail("eventBus", connected ? "connected" : "disconnected");
		}
		if (authenticated && connected) {
			builder.up();
		}
		else {
			builder.down();
		}
	}

}
