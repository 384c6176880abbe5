package io.exp.client.bus;

import java.lang.reflect.Type;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.exp.client.ExpException;
import io.exp.client.ExpNotConnectedException;
import io.exp.client.ExpRequestException;
import io.exp.client.ExpTimeoutException;
import io.exp.client.api.ExpNodes;
import io.exp.client.api.ReactiveExpApiClient;
import io.exp.client.auth.ExpAuth;
import io.exp.client.auth.ExpAuthSource;
import io.exp.client.event.ExpConnectionEvent;
import io.exp.client.event.ExpOfflineEvent;
import io.exp.client.event.ExpOnlineEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.WebSocketHttpHeaders;

/**
 * The EXP event bus, as the EXP Python SDK's {@code exp.channels} and {@code exp.runtime}: STOMP over WebSocket (see
 * {@code docs/protocol.md}) with spring-messaging's STOMP client, authenticated by the API client's tokens.
 * <p>
 * {@link #start()} blocks until the bus is first online. When the connection drops, the bus reconnects on its own
 * with exponential backoff and jitter, logging in again at once when its token is rejected, and restores every
 * listener and responder. {@link ExpOnlineEvent} and {@link ExpOfflineEvent} are published on real transitions only,
 * the online event off the connection's thread, so its listeners may listen and respond. {@link #stop()} ends every
 * thread of the bus and {@link #start()} connects it again, any number of times.
 * <p>
 * A request is answered only by its target: a response from any other identity is ignored (logged at DEBUG) and the
 * request keeps waiting.
 *
 * @since 0.1.0
 */
public final class ExpEventBus implements ExpChannels, SmartLifecycle {

	/** The life cycle phase: started before and stopped after a web server, and before annotated endpoints. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private static final Log logger = LogFactory.getLog(ExpEventBus.class);

	/** The code header of the ERROR frame with which the server refuses a token. */
	private static final String TOKEN_REFUSED = "auth.invalidToken";

	static final String TOPIC_PREFIX = "/topic/channel.";

	private static final String REQUESTS = "/user/queue/requests";

	private static final String RESPONSES = "/user/queue/responses";

	private static final String ERRORS = "/user/queue/errors";

	/**
	 * Writes and reads envelopes: their fields (type, id, channel, name, payload, target, sender, error) are the
	 * protocol's, whatever the application's naming strategy or modules.
	 */
	private static final JsonMapper wire = JsonMapper.builder().build();

	/** The application's mapper: it writes payloads and converts them to the types handlers ask for. */
	final JsonMapper json;

	final ExpEventBusSettings settings;

	private final ReactiveExpApiClient api;

	private final ExpAuthSource authSource;

	private final @Nullable ApplicationEventPublisher eventPublisher;

	private final ExpEventBusMetrics metrics;

	private final AtomicBoolean wasOnline = new AtomicBoolean();

	private final List<Consumer<ExpConnectionEvent>> connectionListeners = new CopyOnWriteArrayList<>();

	private final HandlerRegistry registry = new HandlerRegistry(this);

	private final PendingRequests pendingRequests = new PendingRequests();

	private final Map<String, List<ExpMessage>> collectors = new ConcurrentHashMap<>();

	private final Map<String, String> channelIds = new ConcurrentHashMap<>();

	private final HandlerExecutor handlers;

	private final AtomicLong epoch = new AtomicLong();

	private final AtomicBoolean online = new AtomicBoolean();

	private final AtomicBoolean reconnecting = new AtomicBoolean();

	private volatile CompletableFuture<Void> firstOnline = new CompletableFuture<>();

	private volatile boolean running;

	private volatile @Nullable BusRuntime runtime;

	private volatile @Nullable Throwable lastFailure;

	private volatile boolean scopeResolved;

	private volatile @Nullable StompSession session;

	private volatile @Nullable ExpAuth rejectedAuth;

	private volatile @Nullable Disposable reconnect;

	private volatile String organization = "";

	private final String chosenExperience;

	private final String chosenLocation;

	private volatile String experienceName;

	private volatile String locationName;

	private ExpEventBus(Builder builder) {
		this.api = builder.api;
		this.json = (builder.jsonMapper != null) ? builder.jsonMapper : this.api.getJsonMapper();
		this.authSource = this.api.getAuthSource();
		this.settings = builder.settings;
		this.eventPublisher = builder.eventPublisher;
		this.metrics = builder.metrics;
		this.chosenExperience = builder.experience;
		this.chosenLocation = builder.location;
		this.experienceName = this.chosenExperience;
		this.locationName = this.chosenLocation;
		this.handlers = new HandlerExecutor(this.settings);
		this.api.setChannels(this);
	}

	/**
	 * Returns a builder for an event bus that takes its tokens from the given API client.
	 * @param api the API client
	 * @return a new builder
	 */
	public static Builder builder(ReactiveExpApiClient api) {
		return new Builder(api);
	}

	// life cycle

	/**
	 * Connects and blocks until the bus is first online, as the EXP Python SDK's {@code exp.runtime.start()}. Looking up the
	 * identity's scope (organization, a device's experience and location) is part of every connection attempt, so
	 * a server that cannot be reached is retried with backoff like a dropped connection. A stopped bus starts again.
	 * @throws ExpTimeoutException when not online within the start timeout and {@code failOnStartTimeout} is set;
	 * otherwise the start returns and the bus keeps connecting in the background
	 * @throws io.exp.client.ExpAuthenticationException when the server refuses the credentials
	 */
	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.runtime = new BusRuntime(this.settings);
		this.handlers.start();
		this.firstOnline = new CompletableFuture<>();
		this.lastFailure = null;
		this.running = true;
		scheduleConnect();
		try {
			this.firstOnline.get(this.settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			Throwable last = this.lastFailure;
			String because = (last != null) ? "; the last attempt failed: " + last.getMessage() : "";
			if (this.settings.failOnStartTimeout()) {
				stop();
				throw new ExpTimeoutException("The EXP event bus was not online within " + this.settings.startTimeout()
						+ because + "; check the server address and credentials, or raise the start timeout", last);
			}
			logger.warn("The EXP event bus is not online after " + this.settings.startTimeout() + because
					+ "; it keeps trying in the background");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			stop();
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime : new ExpException("Start failed", ex);
		}
	}

	/**
	 * Disconnects and ends every thread the bus started, as the EXP Python SDK's {@code exp.runtime.stop()}. Listeners and
	 * responders stay registered: {@link #start()} connects again and restores them.
	 */
	@Override
	public synchronized void stop() {
		BusRuntime current = this.runtime;
		if (!this.running || current == null) {
			return;
		}
		this.running = false;
		this.epoch.incrementAndGet();
		Disposable pending = this.reconnect;
		if (pending != null) {
			pending.dispose();
		}
		this.reconnecting.set(false);
		StompSession connected = this.session;
		this.session = null;
		if (connected != null && connected.isConnected()) {
			try {
				connected.disconnect();
			}
			catch (RuntimeException ex) {
				logger.debug("Disconnect failed", ex);
			}
		}
		wentOffline(new ExpNotConnectedException("The EXP event bus was stopped"));
		this.firstOnline.completeExceptionally(new ExpNotConnectedException("The EXP event bus was stopped"));
		this.handlers.shutdown();
		current.close();
		this.runtime = null;
	}

	@Override
	public boolean isRunning() {
		return this.running;
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
		return this.online.get();
	}

	/**
	 * Registers a callback for online and offline transitions, for callers without a Spring context (the EXP Python SDK's
	 * {@code exp.runtime.on("online"/"offline")}).
	 * @param listener called with each {@link ExpOnlineEvent} or {@link ExpOfflineEvent}
	 * @return a handle that unregisters the callback
	 */
	public Disposable onConnectionChange(Consumer<ExpConnectionEvent> listener) {
		this.connectionListeners.add(listener);
		return () -> this.connectionListeners.remove(listener);
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
	 * Returns the experience channel: a device's current experience, otherwise the experience chosen with
	 * {@link Builder#experience(String)}, otherwise the channel named {@code experience}.
	 * @return the experience channel
	 */
	public ExpChannel experience() {
		return channel(this.experienceName);
	}

	/**
	 * Returns the location channel: a device's current location, otherwise the location chosen with
	 * {@link Builder#location(String)}, otherwise the channel named {@code location}.
	 * @return the location channel
	 */
	public ExpChannel location() {
		return channel(this.locationName);
	}

	@Override
	public ExpChannel channel(String name, boolean system, boolean consumer) {
		return new DefaultExpChannel(this, name, system, consumer);
	}

	String channelId(String name, boolean system, boolean consumer) {
		if (this.organization.isEmpty()) {
			ExpAuth auth = this.authSource.getAuth();
			if (auth == null) {
				auth = this.authSource.auth().block(this.settings.connectTimeout());
			}
			this.organization = auth.identity().organization();
		}
		String organization = this.organization;
		return this.channelIds.computeIfAbsent(organization + '\n' + name + '\n' + system + '\n' + consumer,
				(key) -> ChannelIds.encode(organization, name, system, consumer));
	}

	/**
	 * Returns the application's Jackson mapper, which writes payloads and converts them to typed handlers' types.
	 * @return the mapper: the one given to the builder, otherwise the API client's
	 */
	public JsonMapper getJsonMapper() {
		return this.json;
	}

	HandlerRegistry registry() {
		return this.registry;
	}

	HandlerExecutor handlers() {
		return this.handlers;
	}

	// sending

	void send(String destination, Map<String, Object> envelope) {
		Object payload = envelope.get("payload");
		if (payload != null) {
			envelope.put("payload", this.json.valueToTree(payload));
		}
		byte[] body = wire.writeValueAsBytes(envelope);
		if (body.length > this.settings.maxMessageSize()) {
			throw new IllegalArgumentException("The message '" + envelope.get("name") + "' is " + body.length
					+ " bytes, over the event bus limit of " + this.settings.maxMessageSize() + " bytes");
		}
		StompSession current = this.session;
		if (current == null || !this.online.get()) {
			throw new ExpNotConnectedException("The EXP event bus is offline: '" + envelope.get("name")
					+ "' was not sent; listen for ExpOnlineEvent or check isConnected()");
		}
		StompHeaders headers = new StompHeaders();
		headers.setDestination(destination);
		headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
		current.send(headers, body);
		this.metrics.messageSent(destination.substring(destination.lastIndexOf('/') + 1));
	}

	/**
	 * Sends a request; a request that cannot be sent, or gets no response within the request timeout, completes
	 * exceptionally.
	 */
	CompletableFuture<ExpMessage> request(String channelId, String name, ExpTarget target, @Nullable Object payload) {
		String id = UUID.randomUUID().toString();
		CompletableFuture<ExpMessage> response = this.pendingRequests.add(id, target.uuid());
		Map<String, Object> envelope = envelope(id, channelId, name, payload);
		envelope.put("target", target.toJson());
		try {
			send("/app/request", envelope);
		}
		catch (RuntimeException ex) {
			this.pendingRequests.remove(id);
			return CompletableFuture.failedFuture(ex);
		}
		long started = System.nanoTime();
		Duration timeout = this.settings.requestTimeout();
		CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)
			.execute(() -> this.pendingRequests.fail(id, new ExpTimeoutException(
					"No response to request '" + name + "' for " + target.uuid() + " within " + timeout)));
		return response.whenComplete((message, ex) -> this.metrics.requestCompleted(
				Duration.ofNanos(System.nanoTime() - started),
				(ex == null) ? "success" : (ex instanceof ExpTimeoutException) ? "timeout" : "error"));
	}

	List<ExpMessage> broadcastCollecting(String channelId, String name, @Nullable Object payload, Duration collectFor) {
		String id = UUID.randomUUID().toString();
		List<ExpMessage> responses = new CopyOnWriteArrayList<>();
		this.collectors.put(id, responses);
		try {
			send("/app/broadcast", envelope(id, channelId, name, payload));
			Thread.sleep(collectFor.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.collectors.remove(id);
		}
		return List.copyOf(responses);
	}

	static Map<String, Object> envelope(@Nullable String id, String channelId, @Nullable String name,
			@Nullable Object payload) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		if (id != null) {
			envelope.put("id", id);
		}
		envelope.put("channel", channelId);
		if (name != null) {
			envelope.put("name", name);
		}
		envelope.put("payload", payload);
		return envelope;
	}

	void respond(Map<String, Object> to, @Nullable Object payload) {
		answer(to, payload, null);
	}

	void respondWithError(Map<String, Object> to, String code, String message) {
		answer(to, null, Map.of("code", code, "message", message));
	}

	private void answer(Map<String, Object> to, @Nullable Object payload, @Nullable Map<String, String> error) {
		Map<String, Object> response = envelope((String) to.get("id"), String.valueOf(to.get("channel")), null, null);
		response.remove("payload");
		if (error != null) {
			response.put("error", error);
		}
		else {
			response.put("payload", payload);
		}
		Object sender = (to.get("sender") instanceof Map<?, ?> map) ? map.get("uuid") : null;
		response.put("target", Map.of("uuid", String.valueOf(sender)));
		send("/app/response", response);
	}

	// connecting

	/**
	 * Looks up the identity's organization and, for a device, its experience and location, once: the first step of
	 * a connection attempt, retried with it.
	 */
	private Mono<Void> resolveScope() {
		if (this.scopeResolved) {
			return Mono.empty();
		}
		return this.api.getCurrentDevice().doOnNext((device) -> {
			this.experienceName = linked(device.getDocument(), "experience", this.chosenExperience);
			this.locationName = linked(device.getDocument(), "location", this.chosenLocation);
		}).then(this.authSource.auth()).doOnNext((auth) -> {
			this.organization = auth.identity().organization();
			this.scopeResolved = true;
		}).then();
	}

	private static String linked(Map<String, Object> document, String field, String fallback) {
		return (document.get(field) instanceof Map<?, ?> link && link.get("uuid") instanceof String uuid) ? uuid
				: fallback;
	}

	private void scheduleConnect() {
		BusRuntime current = this.runtime;
		if (!this.running || current == null || !this.reconnecting.compareAndSet(false, true)) {
			return;
		}
		this.reconnect = Mono.defer(() -> connectOnce(current))
			.onErrorResume(TokenRejectedException.class, (ex) -> connectOnce(current))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, this.settings.reconnectMinBackoff())
				.maxBackoff(this.settings.reconnectMaxBackoff())
				.jitter(0.5)
				.scheduler(current.reactorScheduler)
				.filter((ex) -> this.running && !(ex instanceof io.exp.client.ExpAuthenticationException))
				.doBeforeRetry((signal) -> {
					this.lastFailure = signal.failure();
					logger.info("EXP event bus connection attempt " + (signal.totalRetries() + 1) + " failed: "
							+ signal.failure().getMessage());
				}))
			.subscribe((connected) -> this.reconnecting.set(false), (ex) -> {
				this.reconnecting.set(false);
				logger.error("The EXP event bus stopped reconnecting: " + ex.getMessage());
				this.firstOnline.completeExceptionally(ex);
			});
	}

	/**
	 * One connection attempt: the scope, a token (a fresh login when the last one was refused), the STOMP
	 * connection and its subscriptions. A refused token fails with {@link TokenRejectedException}, on which the
	 * next attempt logs in again at once instead of after a backoff.
	 */
	private Mono<StompSession> connectOnce(BusRuntime runtime) {
		URI node = this.api.getNodes().current();
		return resolveScope().then(Mono.defer(() -> {
			ExpAuth rejected = this.rejectedAuth;
			return (rejected != null) ? this.authSource.reauthenticate(rejected) : this.authSource.auth();
		})).flatMap((current) -> {
			Connection connection = new Connection(runtime, this.epoch.incrementAndGet(), current, node);
			StompHeaders headers = new StompHeaders();
			headers.add("Authorization", "Bearer " + current.token());
			String url = (this.api.getNodes().all().size() > 1) ? ExpNodes.eventBusUrl(node) : current.networkHost();
			runtime.stompClient.connectAsync(url, new WebSocketHttpHeaders(), headers, connection)
				.whenComplete((session, ex) -> {
					if (ex != null) {
						connection.ready.completeExceptionally(ex);
					}
				});
			return Mono.fromFuture(connection.ready)
				.timeout(this.settings.connectTimeout(), runtime.reactorScheduler)
				.doOnError((ex) -> connection.abandon());
		}).doOnError((ex) -> !(ex instanceof TokenRejectedException), (ex) -> this.api.getNodes().failed(node));
	}

	/**
	 * Subscribes the user queues and every channel with listeners, and goes online once the server has confirmed
	 * them all (STOMP receipts): from then on, nothing sent to this identity is missed.
	 */
	private void subscribeAndGoOnline(StompSession connected, Connection connection) {
		this.session = connected;
		this.rejectedAuth = null;
		List<CompletableFuture<Void>> receipts = new ArrayList<>();
		receipts.add(HandlerRegistry.receipt(
				HandlerRegistry.subscribeWithReceipt(connected, REQUESTS, new Frames(this.registry::onRequest))));
		receipts.add(HandlerRegistry.receipt(
				HandlerRegistry.subscribeWithReceipt(connected, RESPONSES, new Frames(this::onResponse))));
		receipts.add(HandlerRegistry.receipt(
				HandlerRegistry.subscribeWithReceipt(connected, ERRORS, new Frames(this::onError))));
		receipts.addAll(this.registry.resubscribe(connected));
		CompletableFuture.allOf(receipts.toArray(CompletableFuture[]::new))
			.orTimeout(this.settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.whenCompleteAsync((done, ex) -> {
				if (ex != null) {
					logger.warn("The EXP server did not confirm every subscription: " + ex.getMessage());
				}
				if (connection.isCurrent() && this.session == connected) {
					markOnline();
					connection.ready.complete(connected);
				}
			}, connection.runtime.scheduler);
	}

	private void markOnline() {
		if (this.online.compareAndSet(false, true)) {
			logger.info("EXP event bus online");
			if (!this.wasOnline.compareAndSet(false, true)) {
				this.metrics.reconnected();
			}
			this.metrics.connectionChanged(true);
			publish(new ExpOnlineEvent(this));
		}
		this.firstOnline.complete(null);
	}

	private void wentOffline(Throwable cause) {
		this.session = null;
		this.registry.forgetSubscriptions();
		this.pendingRequests.failAll(() -> new ExpNotConnectedException(
				"The EXP event bus went offline before the response arrived: " + cause.getMessage()));
		if (this.online.compareAndSet(true, false)) {
			logger.info("EXP event bus offline: " + cause.getMessage());
			this.metrics.connectionChanged(false);
			publish(new ExpOfflineEvent(this));
		}
	}

	private void publish(ExpConnectionEvent event) {
		for (Consumer<ExpConnectionEvent> listener : this.connectionListeners) {
			try {
				listener.accept(event);
			}
			catch (RuntimeException ex) {
				logger.warn("A connection listener failed", ex);
			}
		}
		if (this.eventPublisher != null) {
			this.eventPublisher.publishEvent(event);
		}
	}

	// receiving

	void onResponse(Map<String, Object> envelope) {
		List<ExpMessage> collector = (envelope.get("id") instanceof String id) ? this.collectors.get(id) : null;
		if (collector != null) {
			collector.add(message(envelope));
			return;
		}
		this.pendingRequests.answer(envelope, this::message);
	}

	private void onError(Map<String, Object> envelope) {
		Map<?, ?> error = (envelope.get("error") instanceof Map<?, ?> map) ? map : Map.of();
		if (!(envelope.get("id") instanceof String id) || !this.pendingRequests.fail(id, requestException(error))) {
			logger.warn("The EXP server refused a message: " + error.get("code") + ": " + error.get("message"));
		}
	}

	static ExpRequestException requestException(Map<?, ?> error) {
		return new ExpRequestException(String.valueOf(error.get("code")), String.valueOf(error.get("message")));
	}

	ExpMessage message(Map<String, Object> envelope) {
		return new ExpMessage(envelope, (payload) -> respond(envelope, payload));
	}

	/**
	 * Parses incoming frames as JSON envelopes, on the connection's thread, and hands them on.
	 */
	final class Frames implements StompFrameHandler {

		private final Consumer<Map<String, Object>> target;

		Frames(Consumer<Map<String, Object>> target) {
			this.target = target;
		}

		@Override
		public Type getPayloadType(StompHeaders headers) {
			return byte[].class;
		}

		@Override
		@SuppressWarnings("unchecked")
		public void handleFrame(StompHeaders headers, @Nullable Object payload) {
			try {
				Map<String, Object> envelope = wire.readValue((byte[]) payload, LinkedHashMap.class);
				ExpEventBus.this.metrics.messageReceived(String.valueOf(envelope.get("type")));
				this.target.accept(envelope);
			}
			catch (RuntimeException ex) {
				logger.warn("Skipped a malformed message on " + headers.getDestination() + ": " + ex.getMessage());
			}
		}

	}

	/**
	 * Callbacks of one connection attempt; callbacks of an attempt that is no longer current are ignored.
	 */
	private final class Connection extends StompSessionHandlerAdapter {

		final CompletableFuture<StompSession> ready = new CompletableFuture<>();

		private final long attempt;

		private final ExpAuth auth;

		private final URI node;

		private final BusRuntime runtime;

		Connection(BusRuntime runtime, long attempt, ExpAuth auth, URI node) {
			this.runtime = runtime;
			this.attempt = attempt;
			this.auth = auth;
			this.node = node;
		}

		boolean isCurrent() {
			return ExpEventBus.this.running && ExpEventBus.this.epoch.get() == this.attempt;
		}

		@Override
		public void afterConnected(StompSession session, StompHeaders connectedHeaders) {
			if (!isCurrent()) {
				session.disconnect();
				return;
			}
			subscribeAndGoOnline(session, this);
		}

		@Override
		public void handleFrame(StompHeaders headers, @Nullable Object payload) {
			String message = String.valueOf(headers.getFirst("message"));
			if (!this.ready.isDone()) {
				if (TOKEN_REFUSED.equals(headers.getFirst("code"))) {
					logger.info("The EXP event bus refused the token (" + message + "); logging in again");
					ExpEventBus.this.rejectedAuth = this.auth;
					this.ready.completeExceptionally(new TokenRejectedException(message));
					return;
				}
				logger.warn("The EXP event bus refused the connection: " + message);
				this.ready.completeExceptionally(new ExpException("Connection refused: " + message));
			}
			else if (ExpEventBus.this.running) {
				logger.warn("The EXP event bus sent an error: " + message);
			}
		}

		@Override
		public void handleException(StompSession session, @Nullable StompCommand command, StompHeaders headers,
				byte[] payload, Throwable exception) {
			logger.warn("Failed to handle a " + command + " frame from " + headers.getDestination(), exception);
		}

		@Override
		public void handleTransportError(StompSession session, Throwable exception) {
			if (!this.ready.isDone()) {
				this.ready.completeExceptionally(exception);
				return;
			}
			if (isCurrent() && ExpEventBus.this.session == session) {
				ExpEventBus.this.api.getNodes().failed(this.node);
				wentOffline(exception);
				scheduleConnect();
			}
		}

		void abandon() {
			this.ready.thenAccept((session) -> {
				if (session.isConnected()) {
					session.disconnect();
				}
			});
		}

	}

	/**
	 * Builds an {@link ExpEventBus}.
	 */
	public static final class Builder {

		private final ReactiveExpApiClient api;

		private ExpEventBusSettings settings = ExpEventBusSettings.DEFAULTS;

		private @Nullable ApplicationEventPublisher eventPublisher;

		private ExpEventBusMetrics metrics = ExpEventBusMetrics.NONE;

		private String experience = "experience";

		private String location = "location";

		private @Nullable JsonMapper jsonMapper;

		private Builder(ReactiveExpApiClient api) {
			this.api = api;
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
		 * Publishes online and offline events as Spring application events too.
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
		 * Sets the application's Jackson mapper for payloads: it writes them and converts them to the types of
		 * typed {@code listen}, {@code request} and {@code respond} and of annotated methods. Envelopes keep the
		 * protocol's field names whatever its configuration.
		 * @param jsonMapper the mapper; without one, the API client's
		 * @return this builder
		 */
		public Builder jsonMapper(JsonMapper jsonMapper) {
			this.jsonMapper = jsonMapper;
			return this;
		}

		/**
		 * Chooses the experience a user or consumer app works with: {@link ExpEventBus#experience()} is then that
		 * experience's channel, where its devices are. A device's own experience comes first.
		 * @param uuid the experience's uuid
		 * @return this builder
		 */
		public Builder experience(String uuid) {
			this.experience = uuid;
			return this;
		}

		/**
		 * Chooses the location a user or consumer app works with: {@link ExpEventBus#location()} is then that
		 * location's channel, where its devices are. A device's own location comes first.
		 * @param uuid the location's uuid
		 * @return this builder
		 */
		public Builder location(String uuid) {
			this.location = uuid;
			return this;
		}

		/**
		 * Builds the bus and binds it to the API client for {@code getChannel()}; call {@link #start()} to connect.
		 * @return the event bus
		 */
		public ExpEventBus build() {
			return new ExpEventBus(this);
		}

	}

	/**
	 * The server refused a connection for its token: the next attempt logs in again, at once.
	 */
	private static final class TokenRejectedException extends ExpException {

		TokenRejectedException(String message) {
			super("Connection refused for its token: " + message);
		}

	}

}
