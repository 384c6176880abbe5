package io.exp.client.bus;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.exp.client.ExpNodes;
import io.exp.client.auth.ExpAuthSource;
import io.exp.client.event.ExpConnectionEvent;
import io.exp.client.event.ExpDiscontinuityEvent;
import io.exp.client.event.ExpOfflineEvent;
import io.exp.client.event.ExpOnlineEvent;
import io.exp.client.observation.DefaultExpBusRequestObservationConvention;
import io.exp.client.observation.DefaultExpBusRespondObservationConvention;
import io.exp.client.observation.ExpBusRequestObservationConvention;
import io.exp.client.observation.ExpBusRespondObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompSession;

/**
 * The EXP event bus, as the EXP Python SDK's {@code exp.channels} and
 * {@code exp.runtime}: STOMP over WebSocket (see {@code docs/protocol.md}) with
 * spring-messaging's STOMP client, authenticated by the API client's tokens.
 * <p>
 * {@link #start()} blocks until the bus is first online. When the connection drops, the
 * bus reconnects on its own with exponential backoff and jitter, logging in again at once
 * when its token is rejected, and restores every listener and responder. Each channel
 * subscription resumes after the last broadcast received on it: the broadcasts sent while
 * the bus was away are delivered first, in order and once, then the live ones; when the
 * server no longer holds them all, an {@link ExpDiscontinuityEvent} says so. Requests are
 * not replayed: one waiting for its response when the connection drops fails with
 * {@link io.exp.client.ExpNotConnectedException}, and may be sent again.
 * {@link ExpOnlineEvent} and {@link ExpOfflineEvent} are published on real transitions
 * only, the online event off the connection's thread, so its listeners may listen and
 * respond. {@link #stop()} lets the handlers in progress finish and send their answers
 * (up to the shutdown timeout), then ends every thread of the bus; {@link #start()}
 * connects it again, any number of times.
 * <p>
 * A request is answered only by its target: a response from any other identity is ignored
 * (logged at DEBUG) and the request keeps waiting.
 * <p>
 * The bus is a facade: its connection, exchanges, handlers and envelope format are
 * package-private collaborators, none of which calls back into it.
 *
 * @since 0.1.0
 */
public final class ExpEventBus implements ExpChannels, SmartLifecycle {

	/**
	 * The life cycle phase: started before and stopped after a web server, and before
	 * annotated endpoints.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private static final Log logger = LogFactory.getLog(ExpEventBus.class);

	private final ExpEventBusSettings settings;

	private final JsonMapper json;

	private final ChannelScope scope;

	private final HandlerExecutor handlers;

	private final HandlerRegistry registry;

	private final ConnectionEvents events;

	private final Discontinuities discontinuities;

	private final BusConnection connection;

	private final ChannelParts channelParts;

	private ExpEventBus(Builder builder) {
		this.settings = builder.settings;
		this.json = (builder.jsonMapper != null) ? builder.jsonMapper : JsonMapper.builder().build();
		Envelopes envelopes = new Envelopes(this.json, this.settings.maxMessageSize().toBytes());
		ExpEventBusMetrics metrics = builder.metrics;
		Function<Consumer<Map<String, Object>>, StompFrameHandler> frames = (target) -> new Frames(envelopes, metrics,
				target);
		this.scope = new ChannelScope(builder.authSource, builder.currentDevice, this.settings.connectTimeout(),
				builder.experience, builder.location);
		this.handlers = new HandlerExecutor(this.settings);
		this.events = new ConnectionEvents(this, builder.eventPublisher, metrics);
		this.discontinuities = new Discontinuities(this, builder.eventPublisher, this.handlers);
		OnlineSession session = new OnlineSession();
		Outbox outbox = new Outbox(envelopes, session, metrics);
		BusObservations observations = new BusObservations(builder.observationRegistry,
				builder.requestObservationConvention, builder.respondObservationConvention);
		Exchanges exchanges = new Exchanges(outbox, this.settings.requestTimeout(), metrics, observations);
		this.registry = new HandlerRegistry(frames, this.handlers, outbox, new WellKnownRequests(this.scope),
				this.settings, observations, this.discontinuities);
		this.connection = new BusConnection(this.settings, builder.authSource, builder.nodes, this.scope, this.registry,
				exchanges, frames, this.events);
		session.connection = this.connection;
		this.channelParts = new ChannelParts(this.scope, outbox, exchanges, this.registry, this.json);
	}

	/**
	 * Returns a builder for an event bus that connects to the given nodes with the given
	 * tokens; an API client's {@code eventBus()} returns one set up from that client.
	 * @param authSource the source of tokens, shared with the API client
	 * @param nodes the EXP nodes
	 * @return a new builder
	 */
	public static Builder builder(ExpAuthSource authSource, ExpNodes nodes) {
		return new Builder(authSource, nodes);
	}

	// life cycle

	/**
	 * Connects and blocks until the bus is first online, as the EXP Python SDK's
	 * {@code exp.runtime.start()}. Looking up the identity's scope (organization, a
	 * device's experience and location) is part of every connection attempt, so a server
	 * that cannot be reached is retried with backoff like a dropped connection. A stopped
	 * bus starts again.
	 * @throws io.exp.client.ExpTimeoutException when not online within the start timeout
	 * and {@code failOnStartTimeout} is set; otherwise the start returns and the bus
	 * keeps connecting in the background
	 * @throws io.exp.client.ExpAuthenticationException when the server refuses the
	 * credentials
	 */
	@Override
	public synchronized void start() {
		if (this.connection.isRunning()) {
			return;
		}
		this.handlers.start();
		try {
			this.connection.start();
		}
		catch (RuntimeException ex) {
			this.handlers.shutdown();
			throw ex;
		}
	}

	/**
	 * Stops as the EXP Python SDK's {@code exp.runtime.stop()}: takes no more messages,
	 * lets the listeners and responders in progress finish and send their answers, up to
	 * the shutdown timeout, then disconnects and ends every thread the bus started.
	 * Listeners and responders stay registered: {@link #start()} connects again and
	 * restores them.
	 */
	@Override
	public synchronized void stop() {
		if (!this.connection.isRunning()) {
			return;
		}
		long deadline = System.nanoTime() + this.settings.shutdownTimeout().toNanos();
		boolean drained = this.handlers.drain(this.settings.shutdownTimeout())
				&& this.registry.awaitAnswers(Duration.ofNanos(deadline - System.nanoTime()));
		if (!drained) {
			logger.warn("EXP event bus handlers still running after " + this.settings.shutdownTimeout()
					+ " were cut short by the stop");
		}
		this.connection.stop();
		this.handlers.shutdown();
	}

	@Override
	public boolean isRunning() {
		return this.connection.isRunning();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Whether the bus is connected now.
	 * @return {@code true} while online
	 */
	public boolean isConnected() {
		return this.connection.isOnline();
	}

	/**
	 * Registers a callback for online and offline transitions, for callers without a
	 * Spring context (the EXP Python SDK's {@code exp.runtime.on("online"/"offline")}).
	 * @param listener called with each {@link ExpOnlineEvent} or {@link ExpOfflineEvent}
	 * @return a handle that unregisters the callback
	 */
	public Disposable onConnectionChange(Consumer<ExpConnectionEvent> listener) {
		return this.events.add(listener);
	}

	/**
	 * Registers a callback for broadcasts missed for good, for callers without a Spring
	 * context: after a reconnect, the server no longer held every broadcast of a channel
	 * sent while the bus was away (see {@link ExpDiscontinuityEvent}). Called on a
	 * handler thread, so it may send requests.
	 * @param listener called with each {@link ExpDiscontinuityEvent}
	 * @return a handle that unregisters the callback
	 */
	public Disposable onDiscontinuity(Consumer<ExpDiscontinuityEvent> listener) {
		return this.discontinuities.add(listener);
	}

	// channels

	/**
	 * Returns the organization's system channel (listen-only).
	 * @return the {@code system} channel
	 */
	public ExpChannel system() {
		return channel("system", true, false);
	}

	/**
	 * Returns the organization channel.
	 * @return the {@code organization} channel
	 */
	public ExpChannel organization() {
		return channel("organization");
	}

	/**
	 * Returns the experience channel: a device's current experience, otherwise the
	 * experience chosen with {@link Builder#experience(String)}, otherwise the channel
	 * named {@code experience}.
	 * @return the experience channel
	 */
	public ExpChannel experience() {
		return channel(this.scope.experience());
	}

	/**
	 * Returns the location channel: a device's current location, otherwise the location
	 * chosen with {@link Builder#location(String)}, otherwise the channel named
	 * {@code location}.
	 * @return the location channel
	 */
	public ExpChannel location() {
		return channel(this.scope.location());
	}

	@Override
	public ExpChannel channel(String name, boolean system, boolean consumer) {
		return new DefaultExpChannel(this.channelParts, name, system, consumer);
	}

	/**
	 * Returns the bus's timeouts, backoff, handler executor and limits.
	 * @return the settings
	 */
	public ExpEventBusSettings getSettings() {
		return this.settings;
	}

	/**
	 * Returns the application's Jackson mapper, which writes payloads and converts them
	 * to typed handlers' types.
	 * @return the mapper given to the builder, otherwise a plain one
	 */
	public JsonMapper getJsonMapper() {
		return this.json;
	}

	/**
	 * The session the outbox sends on: the connection's, while online.
	 */
	private static final class OnlineSession implements Supplier<@Nullable StompSession> {

		private volatile @Nullable BusConnection connection;

		@Override
		public @Nullable StompSession get() {
			BusConnection current = this.connection;
			return (current != null) ? current.onlineSession() : null;
		}

	}

	/**
	 * Builds an {@link ExpEventBus}.
	 */
	public static final class Builder {

		private final ExpAuthSource authSource;

		private final ExpNodes nodes;

		private Mono<Map<String, Object>> currentDevice = Mono.empty();

		private ExpEventBusSettings settings = ExpEventBusSettings.DEFAULTS;

		private @Nullable ApplicationEventPublisher eventPublisher;

		private ExpEventBusMetrics metrics = ExpEventBusMetrics.NONE;

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private @Nullable ExpBusRequestObservationConvention requestObservationConvention;

		private @Nullable ExpBusRespondObservationConvention respondObservationConvention;

		private String experience = "experience";

		private String location = "location";

		private @Nullable JsonMapper jsonMapper;

		private Builder(ExpAuthSource authSource, ExpNodes nodes) {
			this.authSource = authSource;
			this.nodes = nodes;
		}

		/**
		 * Sets where to find the document of the device this bus speaks for, whose
		 * {@code experience} and {@code location} links choose its experience and
		 * location channels; looked up once, on the first connection.
		 * @param currentDevice the device's document, empty when the identity is not a
		 * device
		 * @return this builder
		 */
		public Builder currentDevice(Mono<Map<String, Object>> currentDevice) {
			this.currentDevice = currentDevice;
			return this;
		}

		/**
		 * Sets timeouts, backoff, handler executor and limits.
		 * @param settings the settings
		 * @return this builder
		 */
		public Builder settings(ExpEventBusSettings settings) {
			this.settings = settings;
			return this;
		}

		/**
		 * Publishes online, offline and discontinuity events as Spring application events
		 * too.
		 * @param eventPublisher the publisher, usually the application context
		 * @return this builder
		 */
		public Builder eventPublisher(ApplicationEventPublisher eventPublisher) {
			this.eventPublisher = eventPublisher;
			return this;
		}

		/**
		 * Records messages, round trips and reconnects, for example in Micrometer.
		 * @param metrics the metrics callbacks
		 * @return this builder
		 */
		public Builder metrics(ExpEventBusMetrics metrics) {
			this.metrics = metrics;
			return this;
		}

		/**
		 * Observes requests sent ({@code exp.bus.request}) and answered
		 * ({@code exp.bus.respond}) with Micrometer Observation; a request's envelope
		 * carries its trace context, so that its answer is part of its trace.
		 * @param observationRegistry the registry; without one,
		 * {@link ObservationRegistry#NOOP}
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			this.observationRegistry = observationRegistry;
			return this;
		}

		/**
		 * Overrides the name and keys of the observation of requests sent.
		 * @param convention the convention; without one,
		 * {@link DefaultExpBusRequestObservationConvention}
		 * @return this builder
		 */
		public Builder requestObservationConvention(ExpBusRequestObservationConvention convention) {
			this.requestObservationConvention = convention;
			return this;
		}

		/**
		 * Overrides the name and keys of the observation of requests answered.
		 * @param convention the convention; without one,
		 * {@link DefaultExpBusRespondObservationConvention}
		 * @return this builder
		 */
		public Builder respondObservationConvention(ExpBusRespondObservationConvention convention) {
			this.respondObservationConvention = convention;
			return this;
		}

		/**
		 * Sets the application's Jackson mapper for payloads: it writes them and converts
		 * them to the types of typed {@code listen}, {@code request} and {@code respond}
		 * and of annotated methods. Envelopes keep the protocol's field names whatever
		 * its configuration.
		 * @param jsonMapper the mapper; without one, a plain {@code JsonMapper}
		 * @return this builder
		 */
		public Builder jsonMapper(JsonMapper jsonMapper) {
			this.jsonMapper = jsonMapper;
			return this;
		}

		/**
		 * Chooses the experience a user or consumer app works with:
		 * {@link ExpEventBus#experience()} is then that experience's channel, where its
		 * devices are. A device's own experience comes first.
		 * @param uuid the experience's uuid
		 * @return this builder
		 */
		public Builder experience(String uuid) {
			this.experience = uuid;
			return this;
		}

		/**
		 * Chooses the location a user or consumer app works with:
		 * {@link ExpEventBus#location()} is then that location's channel, where its
		 * devices are. A device's own location comes first.
		 * @param uuid the location's uuid
		 * @return this builder
		 */
		public Builder location(String uuid) {
			this.location = uuid;
			return this;
		}

		/**
		 * Builds the bus; call {@link #start()} to connect.
		 * @return the event bus
		 */
		public ExpEventBus build() {
			return new ExpEventBus(this);
		}

	}

}
