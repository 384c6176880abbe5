package io.exp.client.api;

import java.time.Duration;
import java.util.function.Function;

import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The event loop ({@code exp-http-*} threads) and connection pool of a client built
 * without a {@link WebClient.Builder}: its own rather than Reactor Netty's global ones,
 * which nothing ever disposes, so that closing the client ends them.
 */
final class OwnHttpResources {

	/**
	 * As many connections as Reactor Netty's global pool allows, so a burst of calls
	 * queues as it did there.
	 */
	private static final int MAX_CONNECTIONS = 500;

	private final ReactorResourceFactory factory = new ReactorResourceFactory();

	OwnHttpResources() {
		this.factory.setUseGlobalResources(false);
		this.factory.setLoopResourcesSupplier(() -> LoopResources.create("exp-http"));
		this.factory.setConnectionProviderSupplier(() -> ConnectionProvider.create("exp-http", MAX_CONNECTIONS));
		this.factory.setShutdownQuietPeriod(Duration.ZERO);
		this.factory.afterPropertiesSet();
	}

	WebClient.Builder webClientBuilder() {
		return WebClient.builder().clientConnector(new ReactorClientHttpConnector(this.factory, Function.identity()));
	}

	void close() {
		this.factory.destroy();
	}

}
