package io.exp.client.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.exp.client.bus.ExpChannel;
import io.exp.client.bus.ExpEventBus;
import io.exp.client.bus.ExpSubscription;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

import org.springframework.context.SmartLifecycle;

/**
 * Holds the endpoints of annotated methods and registers them with the event bus once it
 * has started (its phase follows the bus's) and is online, which is later when the
 * application started with the bus still connecting; cancels them when the context stops.
 * The bus restores them after every reconnect.
 *
 * @since 0.1.0
 */
public class ExpEndpointRegistry implements SmartLifecycle {

	/** The bean name under which the registry is expected. */
	public static final String BEAN_NAME = "io.exp.client.config.expEndpointRegistry";

	private static final Log logger = LogFactory.getLog(ExpEndpointRegistry.class);

	private final Supplier<ExpEventBus> eventBus;

	private final List<ExpEndpoint> endpoints = new ArrayList<>();

	private final List<ExpSubscription> subscriptions = new ArrayList<>();

	private volatile boolean running;

	private boolean subscribed;

	private @Nullable Disposable onlineWatch;

	/**
	 * Creates a registry.
	 * @param eventBus supplies the event bus, looked up when the registry starts
	 */
	public ExpEndpointRegistry(Supplier<ExpEventBus> eventBus) {
		this.eventBus = eventBus;
	}

	/**
	 * Adds an endpoint; endpoints added after start are registered at once.
	 * @param endpoint the endpoint
	 */
	public synchronized void register(ExpEndpoint endpoint) {
		this.endpoints.add(endpoint);
		if (this.subscribed) {
			subscribe(this.eventBus.get(), endpoint);
		}
	}

	/**
	 * Returns the registered endpoints.
	 * @return the endpoints
	 */
	public synchronized List<ExpEndpoint> getEndpoints() {
		return List.copyOf(this.endpoints);
	}

	@Override
	public synchronized void start() {
		ExpEventBus bus = this.eventBus.get();
		this.running = true;
		this.onlineWatch = bus.onConnectionChange((event) -> {
			if (event.isOnline()) {
				subscribeAll(bus);
			}
		});
		if (bus.isConnected()) {
			subscribeAll(bus);
		}
	}

	private synchronized void subscribeAll(ExpEventBus bus) {
		if (this.running && !this.subscribed) {
			this.subscribed = true;
			this.endpoints.forEach((endpoint) -> subscribe(bus, endpoint));
		}
	}

	private void subscribe(ExpEventBus bus, ExpEndpoint endpoint) {
		ExpHandlerMethod handler = new ExpHandlerMethod(endpoint, bus.getJsonMapper());
		ExpChannel channel = endpoint.channelOn(bus);
		if (endpoint.kind() == ExpEndpoint.Kind.LISTEN) {
			this.subscriptions.add(channel.listen(endpoint.name(), (message) -> {
				try {
					handler.invoke(message);
				}
				catch (IllegalArgumentException ex) {
					logger.warn(endpoint.describe() + " skipped '" + endpoint.name() + "' on channel '"
							+ channel.getName() + "': " + ex.getMessage());
				}
			}));
		}
		else {
			this.subscriptions.add(channel.respond(endpoint.name(), handler::invoke));
		}
	}

	@Override
	public synchronized void stop() {
		if (this.onlineWatch != null) {
			this.onlineWatch.dispose();
			this.onlineWatch = null;
		}
		this.subscribed = false;
		this.subscriptions.forEach(ExpSubscription::cancel);
		this.subscriptions.clear();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return ExpEventBus.PHASE + 1;
	}

}
