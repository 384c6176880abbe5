package io.exp.client.bus;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import io.exp.client.ExpAuthenticationException;
import io.exp.client.ExpException;
import io.exp.client.ExpNodes;
import io.exp.client.ExpNotConnectedException;
import io.exp.client.ExpTimeoutException;
import io.exp.client.auth.ExpAuth;
import io.exp.client.auth.ExpAuthSource;
import io.exp.client.event.ExpOfflineEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.WebSocketHttpHeaders;

/**
 * The connection of an event bus and its state machine: one STOMP session at a time,
 * reconnected with exponential backoff and jitter, single-flight, on the next node when
 * one cannot be reached. Every attempt has an epoch, and callbacks of an attempt that is
 * no longer current are ignored. A connection is online once the server has confirmed the
 * user queues and every channel subscription.
 */
final class BusConnection {

	private static final Log logger = LogFactory.getLog(ExpEventBus.class);

	/** The code header of the ERROR frame with which the server refuses a token. */
	private static final String TOKEN_REFUSED = "auth.invalidToken";

	/**
	 * The code header of the ERROR frame with which the server refuses to resume a
	 * subscription from its serial.
	 */
	private static final String RESUME_REFUSED = "resume.invalid";

	/**
	 * How many attempts in a row may fail between connecting and going online before the
	 * next one subscribes without resuming: a broadcast of the replay this client cannot
	 * take (over its size limit) closes every connection that resumes before it.
	 */
	private static final int FAILED_RESUMES = 2;

	private static final String REQUESTS = "/user/queue/requests";

	private static final String RESPONSES = "/user/queue/responses";

	private static final String ERRORS = "/user/queue/errors";

	private final ExpEventBusSettings settings;

	private final ExpAuthSource authSource;

	private final ExpNodes nodes;

	private final ExpNodes.Cursor node;

	private final ChannelScope scope;

	private final HandlerRegistry registry;

	private final Exchanges exchanges;

	private final Function<Consumer<Map<String, Object>>, StompFrameHandler> frames;

	private final ConnectionEvents events;

	private final AtomicLong epoch = new AtomicLong();

	private final AtomicBoolean online = new AtomicBoolean();

	private final AtomicBoolean reconnecting = new AtomicBoolean();

	private final AtomicInteger failedAttempts = new AtomicInteger();

	private final AtomicInteger failedWhileSubscribing = new AtomicInteger();

	private volatile CompletableFuture<Void> firstOnline = new CompletableFuture<>();

	private volatile boolean running;

	private volatile @Nullable BusRuntime runtime;

	private volatile @Nullable Throwable lastFailure;

	private volatile @Nullable StompSession session;

	private volatile @Nullable ExpAuth rejectedAuth;

	private volatile @Nullable Disposable reconnect;

	BusConnection(ExpEventBusSettings settings, ExpAuthSource authSource, ExpNodes nodes, ChannelScope scope,
			HandlerRegistry registry, Exchanges exchanges,
			Function<Consumer<Map<String, Object>>, StompFrameHandler> frames, ConnectionEvents events) {
		this.settings = settings;
		this.authSource = authSource;
		this.nodes = nodes;
		this.node = nodes.cursor();
		this.scope = scope;
		this.registry = registry;
		this.exchanges = exchanges;
		this.frames = frames;
		this.events = events;
	}

	boolean isRunning() {
		return this.running;
	}

	boolean isOnline() {
		return this.online.get();
	}

	/**
	 * Returns the session while online.
	 * @return the session, or {@code null} while offline
	 */
	@Nullable StompSession onlineSession() {
		StompSession current = this.session;
		return (current != null && this.online.get()) ? current : null;
	}

	/**
	 * Connects and blocks until first online, or the start timeout.
	 */
	void start() {
		this.runtime = new BusRuntime(this.settings);
		this.firstOnline = new CompletableFuture<>();
		this.lastFailure = null;
		this.failedAttempts.set(0);
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
	 * Disconnects and ends the connection's threads.
	 */
	void stop() {
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
		ExpNotConnectedException stopped = new ExpNotConnectedException("The EXP event bus was stopped");
		wentOffline(stopped, ExpOfflineEvent.Reason.SHUTDOWN);
		this.firstOnline.completeExceptionally(stopped);
		current.close();
		this.runtime = null;
	}

	private void scheduleConnect() {
		BusRuntime current = this.runtime;
		if (!this.running || current == null || !this.reconnecting.compareAndSet(false, true)) {
			return;
		}
		this.reconnect = Mono.defer(() -> connectOnce(current))
			.onErrorResume(RetryAtOnceException.class, (ex) -> connectOnce(current))
			.doOnError((ex) -> this.failedAttempts.incrementAndGet())
			.retryWhen(Retry.backoff(Long.MAX_VALUE, this.settings.reconnectMinBackoff())
				.maxBackoff(this.settings.reconnectMaxBackoff())
				.jitter(0.5)
				.scheduler(current.reactorScheduler)
				.filter((ex) -> this.running && !(ex instanceof ExpAuthenticationException))
				.doBeforeRetry((signal) -> {
					this.lastFailure = signal.failure();
					logger.info("EXP event bus connection attempt " + (signal.totalRetries() + 1) + " failed: "
							+ signal.failure().getMessage());
				}))
			.subscribe((connected) -> this.reconnecting.set(false), (ex) -> {
				this.reconnecting.set(false);
				if (this.running && ex instanceof ExpAuthenticationException) {
					this.events.credentialsRefused(this.failedAttempts.get(), String.valueOf(ex.getMessage()));
				}
				else {
					logger.error("The EXP event bus stopped reconnecting: " + ex.getMessage());
				}
				this.firstOnline.completeExceptionally(ex);
			});
	}

	/**
	 * One connection attempt: the scope, a token (a fresh login when the last one was
	 * refused), the STOMP connection and its subscriptions. A refused token or a refused
	 * resume fails with {@link RetryAtOnceException}, on which the next attempt logs in
	 * again or subscribes without resuming, at once instead of after a backoff.
	 */
	private Mono<StompSession> connectOnce(BusRuntime runtime) {
		URI target = this.node.current();
		return this.scope.resolve().then(Mono.defer(() -> {
			ExpAuth rejected = this.rejectedAuth;
			return (rejected != null) ? this.authSource.reauthenticate(rejected) : this.authSource.auth();
		})).flatMap((current) -> {
			Connection connection = new Connection(runtime, this.epoch.incrementAndGet(), current, target);
			StompHeaders headers = new StompHeaders();
			headers.add("Authorization", "Bearer " + current.token());
			String url = (this.nodes.all().size() > 1) ? ExpNodes.eventBusUrl(target) : current.networkHost();
			runtime.stompClient.connectAsync(url, new WebSocketHttpHeaders(), headers, connection)
				.whenComplete((session, ex) -> {
					if (ex != null) {
						connection.ready.completeExceptionally(ex);
					}
				});
			return Mono.fromFuture(connection.ready)
				.timeout(this.settings.connectTimeout(), runtime.reactorScheduler)
				.doOnError((ex) -> {
					connection.abandon();
					if (connection.subscribing && !(ex instanceof RetryAtOnceException)) {
						failedWhileSubscribing();
					}
				});
		}).doOnError((ex) -> !(ex instanceof RetryAtOnceException), (ex) -> this.node.failed(target));
	}

	/**
	 * Subscribes the user queues and every channel with listeners, and goes online once
	 * the server has confirmed them all (STOMP receipts): from then on, nothing sent to
	 * this identity is missed.
	 */
	private void subscribeAndGoOnline(StompSession connected, Connection connection) {
		this.session = connected;
		this.rejectedAuth = null;
		List<CompletableFuture<Void>> receipts = new ArrayList<>();
		receipts.add(Receipts.subscribe(connected, REQUESTS, this.frames.apply(this.registry::onRequest)));
		receipts.add(Receipts.subscribe(connected, RESPONSES, this.frames.apply(this.exchanges::onResponse)));
		receipts.add(Receipts.subscribe(connected, ERRORS, this.frames.apply(this.exchanges::onError)));
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

	/**
	 * An attempt failed after connecting, before every subscription was confirmed: after
	 * {@value #FAILED_RESUMES} in a row, the next one does not resume.
	 */
	private void failedWhileSubscribing() {
		if (this.failedWhileSubscribing.incrementAndGet() >= FAILED_RESUMES) {
			this.failedWhileSubscribing.set(0);
			logger.warn("The EXP event bus lost " + FAILED_RESUMES
					+ " connections in a row while subscribing; subscribing again without resuming");
			this.registry.stopResuming();
		}
	}

	private void markOnline() {
		this.failedAttempts.set(0);
		this.failedWhileSubscribing.set(0);
		if (this.online.compareAndSet(false, true)) {
			this.events.online();
		}
		this.firstOnline.complete(null);
	}

	private void wentOffline(Throwable cause, ExpOfflineEvent.Reason reason) {
		this.session = null;
		this.registry.forgetSubscriptions();
		this.exchanges.offline(cause);
		if (this.online.compareAndSet(true, false)) {
			this.events.offline(reason, String.valueOf(cause.getMessage()));
		}
	}

	/**
	 * Callbacks of one connection attempt; callbacks of an attempt that is no longer
	 * current are ignored.
	 */
	private final class Connection extends StompSessionHandlerAdapter {

		final CompletableFuture<StompSession> ready = new CompletableFuture<>();

		/** Whether the attempt connected and is subscribing. */
		volatile boolean subscribing;

		private final long attempt;

		private final ExpAuth auth;

		private final URI target;

		private final BusRuntime runtime;

		Connection(BusRuntime runtime, long attempt, ExpAuth auth, URI target) {
			this.runtime = runtime;
			this.attempt = attempt;
			this.auth = auth;
			this.target = target;
		}

		boolean isCurrent() {
			return BusConnection.this.running && BusConnection.this.epoch.get() == this.attempt;
		}

		@Override
		public void afterConnected(StompSession session, StompHeaders connectedHeaders) {
			if (!isCurrent()) {
				session.disconnect();
				return;
			}
			this.subscribing = true;
			subscribeAndGoOnline(session, this);
		}

		@Override
		public void handleFrame(StompHeaders headers, @Nullable Object payload) {
			String message = String.valueOf(headers.getFirst("message"));
			if (RESUME_REFUSED.equals(headers.getFirst("code"))) {
				logger.warn("The EXP server refused to resume a subscription (" + message
						+ "); subscribing to its channel again without resuming");
				BusConnection.this.registry.stopResuming(headers.getFirst("receipt-id"));
				this.ready.completeExceptionally(new RetryAtOnceException("Resume refused: " + message));
				return;
			}
			if (!this.ready.isDone()) {
				if (TOKEN_REFUSED.equals(headers.getFirst("code"))) {
					logger.info("The EXP event bus refused the token (" + message + "); logging in again");
					BusConnection.this.rejectedAuth = this.auth;
					this.ready.completeExceptionally(
							new RetryAtOnceException("Connection refused for its token: " + message));
					return;
				}
				logger.warn("The EXP event bus refused the connection: " + message);
				this.ready.completeExceptionally(new ExpException("Connection refused: " + message));
			}
			else if (BusConnection.this.running) {
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
			if (isCurrent() && BusConnection.this.session == session) {
				BusConnection.this.node.failed(this.target);
				wentOffline(exception, ExpOfflineEvent.Reason.CONNECTION_LOST);
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
	 * The server refused a connection for something the next attempt does differently (it
	 * logs in again, or subscribes without resuming): it comes at once, on the same node.
	 */
	private static final class RetryAtOnceException extends ExpException {

		RetryAtOnceException(String message) {
			super(message);
		}

	}

}
