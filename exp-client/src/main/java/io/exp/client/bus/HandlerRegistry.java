package io.exp.client.bus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

import io.exp.client.ExpNotConnectedException;
import io.exp.client.observation.ExpBusRespondContext;
import io.micrometer.observation.Observation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;

/**
 * Every listener and responder, and the channel subscriptions of the current session: one
 * STOMP subscription per channel with listeners, made again on every reconnect, so a
 * listener registered once keeps receiving, without duplicates. A subscription made again
 * resumes after the last broadcast received on the channel (see {@link ChannelFeed}),
 * unless resuming is off. Requests are answered through the outbox; asynchronous results
 * are bounded by the handler timeout and tracked, so that a stop can wait for the answers
 * in progress.
 */
final class HandlerRegistry {

	private static final Log logger = LogFactory.getLog(HandlerRegistry.class);

	private static final String TOPIC_PREFIX = "/topic/channel.";

	private final Function<Consumer<Map<String, Object>>, StompFrameHandler> frames;

	private final HandlerExecutor handlers;

	private final Outbox outbox;

	private final WellKnownRequests wellKnownRequests;

	private final Duration subscribeTimeout;

	private final Duration handlerTimeout;

	private final BusObservations observations;

	private final Discontinuities discontinuities;

	private final boolean resume;

	private final Set<CompletableFuture<?>> answersInProgress = ConcurrentHashMap.newKeySet();

	private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();

	private final Map<String, Responder> responders = new ConcurrentHashMap<>();

	private final Map<String, ChannelFeed> feeds = new ConcurrentHashMap<>();

	private final Map<String, StompSession.Subscription> topics = new ConcurrentHashMap<>();

	private @Nullable StompSession session;

	/**
	 * Creates a registry.
	 * @param frames makes the frame handler of a subscription from what receives its
	 * envelopes
	 * @param handlers runs listeners and responders
	 * @param outbox sends the answers
	 * @param wellKnownRequests finds the responders of requests on well-known channels
	 * @param settings the subscribe (connect) and handler timeouts, and whether to resume
	 * @param observations observes the answered requests
	 * @param discontinuities told when broadcasts on a channel were missed for good
	 */
	HandlerRegistry(Function<Consumer<Map<String, Object>>, StompFrameHandler> frames, HandlerExecutor handlers,
			Outbox outbox, WellKnownRequests wellKnownRequests, ExpEventBusSettings settings,
			BusObservations observations, Discontinuities discontinuities) {
		this.frames = frames;
		this.handlers = handlers;
		this.outbox = outbox;
		this.wellKnownRequests = wellKnownRequests;
		this.subscribeTimeout = settings.connectTimeout();
		this.handlerTimeout = settings.handlerTimeout();
		this.observations = observations;
		this.discontinuities = discontinuities;
		this.resume = settings.resume();
	}

	/**
	 * Adds a listener; when it is the channel's first and the bus is online, waits until
	 * the server confirms the subscription (a STOMP receipt), so a broadcast sent after
	 * {@code listen} returns is received.
	 */
	ExpSubscription addListener(String channelId, ExpChannel channel, String name, Consumer<ExpMessage> handler) {
		String channelName = channel.getName();
		Listener listener = new Listener(channelName, name, handler, this.handlers.serial());
		CompletableFuture<Void> subscribed;
		synchronized (this) {
			this.listeners.computeIfAbsent(channelId, (id) -> new CopyOnWriteArrayList<>()).add(listener);
			ChannelFeed feed = this.feeds.computeIfAbsent(channelId, (id) -> new ChannelFeed(channel,
					this.frames.apply((envelope) -> onBroadcast(channelId, envelope)), this.discontinuities));
			subscribed = (this.session != null && !this.topics.containsKey(channelId))
					? subscribe(this.session, channelId, feed) : CompletableFuture.completedFuture(null);
		}
		try {
			subscribed.get(this.subscribeTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("No receipt for the subscription to channel '" + channelName + "'; it may start late");
		}
		return () -> removeListener(channelId, listener);
	}

	synchronized ExpSubscription addResponder(String channelId, String channelName, String name,
			Function<ExpMessage, @Nullable Object> handler) {
		String key = responderKey(channelId, name);
		Responder responder = new Responder(channelName, name, handler);
		Responder previous = this.responders.put(key, responder);
		if (previous != null) {
			logger.warn("The responder for '" + name + "' on channel '" + channelName + "' replaces an earlier one");
		}
		return () -> this.responders.remove(key, responder);
	}

	private synchronized void removeListener(String channelId, Listener listener) {
		List<Listener> channelListeners = this.listeners.get(channelId);
		if (channelListeners == null || !channelListeners.remove(listener) || !channelListeners.isEmpty()) {
			return;
		}
		this.listeners.remove(channelId);
		this.feeds.remove(channelId);
		StompSession.Subscription subscription = this.topics.remove(channelId);
		if (subscription != null && this.session != null && this.session.isConnected()) {
			subscription.unsubscribe();
		}
	}

	synchronized List<CompletableFuture<Void>> resubscribe(StompSession session) {
		this.session = session;
		this.topics.clear();
		return this.feeds.entrySet()
			.stream()
			.map((feed) -> subscribe(session, feed.getKey(), feed.getValue()))
			.toList();
	}

	synchronized void forgetSubscriptions() {
		this.session = null;
		this.topics.clear();
	}

	/**
	 * A connection failed while resuming: every channel subscribes again without a
	 * serial, and the channels that had one missed broadcasts for good.
	 */
	synchronized void stopResuming() {
		this.feeds.values().forEach(this::missedForGood);
	}

	/**
	 * The server refused to resume the subscription whose {@code SUBSCRIBE} asked for the
	 * given receipt: its channel subscribes again without a serial and missed broadcasts
	 * for good; the other channels resume. When no subscription of this connection asked
	 * for it (a server that does not say), no channel resumes.
	 * @param receiptId the {@code receipt-id} of the server's {@code ERROR} frame, if any
	 */
	synchronized void stopResuming(@Nullable String receiptId) {
		this.topics.entrySet()
			.stream()
			.filter((topic) -> receiptId != null && receiptId.equals(topic.getValue().getReceiptId()))
			.map((topic) -> this.feeds.get(topic.getKey()))
			.filter(Objects::nonNull)
			.findFirst()
			.ifPresentOrElse(this::missedForGood, this::stopResuming);
	}

	private void missedForGood(ChannelFeed feed) {
		if (feed.forgetSerial()) {
			this.discontinuities.missed(feed.channel(), null);
		}
	}

	/**
	 * Subscribes to a channel, resuming after its last broadcast received, if any.
	 */
	private CompletableFuture<Void> subscribe(StompSession session, String channelId, ChannelFeed feed) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination(TOPIC_PREFIX + channelId);
		feed.subscribing(headers, this.resume);
		StompSession.Subscription subscription = Receipts.subscribeWithReceipt(session, headers, feed);
		this.topics.put(channelId, subscription);
		return Receipts.of(subscription);
	}

	private void onBroadcast(String channelId, Map<String, Object> envelope) {
		List<Listener> channelListeners = this.listeners.getOrDefault(channelId, List.of());
		Object name = envelope.get(Envelopes.NAME);
		for (Listener listener : channelListeners) {
			if (listener.name().equals(name)) {
				ExpMessage message = this.outbox.received(envelope);
				listener.executor().execute(() -> {
					try {
						listener.handler().accept(message);
					}
					catch (RuntimeException ex) {
						logger.error("Listener for '" + name + "' on channel '" + listener.channelName() + "' failed",
								ex);
					}
				});
			}
		}
	}

	/**
	 * Runs the request's responder: the one on the request's channel, otherwise, for a
	 * request on a well-known channel as its sender resolves it, the one on this
	 * identity's channel of the same name. The answer is observed, as a child of the
	 * trace context the request carries, and the responder runs in its scope.
	 */
	void onRequest(Map<String, Object> envelope) {
		String channelId = String.valueOf(envelope.get(Envelopes.CHANNEL));
		String name = String.valueOf(envelope.get(Envelopes.NAME));
		Responder exact = this.responders.get(responderKey(channelId, name));
		Responder responder = (exact != null) ? exact
				: this.responders.get(responderKey(this.wellKnownRequests.respondingChannelId(channelId), name));
		this.handlers.execute(() -> {
			ExpBusRespondContext context = new ExpBusRespondContext(Envelopes.trace(envelope),
					(responder != null) ? responder.channelName() : channelId, name);
			Observation observation = this.observations.respond(context);
			try (Observation.Scope scope = observation.openScope()) {
				answer(envelope, responder).whenComplete((outcome, ex) -> {
					context.getExchange().setOutcome((outcome != null) ? outcome : "error");
					observation.stop();
				});
			}
			catch (ExpNotConnectedException ex) {
				logger.debug("Dropped the response to '" + name + "': " + ex.getMessage());
				stopFailed(observation, context, ex);
			}
			catch (RuntimeException ex) {
				stopFailed(observation, context, ex);
				throw ex;
			}
		});
	}

	private static void stopFailed(Observation observation, ExpBusRespondContext context, RuntimeException ex) {
		context.getExchange().setOutcome("error");
		observation.error(ex);
		observation.stop();
	}

	/**
	 * Waits for the asynchronous answers in progress, up to a timeout.
	 * @return whether every answer was sent
	 */
	boolean awaitAnswers(Duration timeout) {
		try {
			CompletableFuture.allOf(this.answersInProgress.toArray(CompletableFuture[]::new))
				.get(Math.max(timeout.toMillis(), 0), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException ex) {
			return false;
		}
	}

	/**
	 * Answers a request with its responder's result, or with an error when there is no
	 * responder or it failed. A {@code CompletionStage} result is answered when it
	 * completes, on the thread that completes it: no handler thread waits for it; one
	 * that does not complete within the handler timeout is answered with an error.
	 * @return the outcome once answered: {@code success}, {@code error} or
	 * {@code missing}
	 * @throws ExpNotConnectedException when the bus went offline or stopped before the
	 * response could be sent
	 */
	private CompletableFuture<String> answer(Map<String, Object> request, @Nullable Responder responder) {
		if (responder == null) {
			this.outbox.send("/app/response", Envelopes.error(request, Envelopes.RESPONDER_MISSING,
					"No responder for '" + request.get(Envelopes.NAME) + "' on this channel"));
			return CompletableFuture.completedFuture("missing");
		}
		Object result;
		try {
			result = responder.handler().apply(this.outbox.received(request));
		}
		catch (ExpNotConnectedException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			return CompletableFuture.completedFuture(failed(request, responder, ex));
		}
		if (result instanceof CompletionStage<?> stage) {
			CompletableFuture<@Nullable Object> value = new CompletableFuture<>();
			stage.whenComplete((done, ex) -> {
				if (ex != null) {
					value.completeExceptionally(ex);
				}
				else {
					value.complete(done);
				}
			});
			CompletableFuture<String> answered = value.orTimeout(this.handlerTimeout.toMillis(), TimeUnit.MILLISECONDS)
				.handle((done, ex) -> {
					try {
						return (ex != null) ? failed(request, responder, cause(ex)) : reply(request, responder, done);
					}
					catch (ExpNotConnectedException notConnected) {
						logger
							.debug("Dropped the response to '" + responder.name() + "': " + notConnected.getMessage());
						return "error";
					}
				});
			this.answersInProgress.add(answered);
			answered.whenComplete((done, ex) -> this.answersInProgress.remove(answered));
			return answered;
		}
		return CompletableFuture.completedFuture(reply(request, responder, result));
	}

	/** Sends the responder's result; returns the outcome. */
	private String reply(Map<String, Object> request, Responder responder, @Nullable Object result) {
		try {
			this.outbox.send("/app/response", Envelopes.response(request, result));
			return "success";
		}
		catch (ExpNotConnectedException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			return failed(request, responder, ex);
		}
	}

	/** Answers with the responder's failure; returns the outcome, {@code error}. */
	private String failed(Map<String, Object> request, Responder responder, Throwable ex) {
		logger.warn("Responder for '" + responder.name() + "' on channel '" + responder.channelName() + "' failed: "
				+ ex.getMessage());
		this.outbox.send("/app/response",
				Envelopes.error(request, Envelopes.RESPONDER_FAILED, String.valueOf(ex.getMessage())));
		return "error";
	}

	private Throwable cause(Throwable ex) {
		Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
		return (cause instanceof TimeoutException)
				? new IllegalStateException("The result did not complete within " + this.handlerTimeout) : cause;
	}

	private static String responderKey(String channelId, String name) {
		return channelId + '\n' + name;
	}

	private record Listener(String channelName, String name, Consumer<ExpMessage> handler, Executor executor) {
	}

	private record Responder(String channelName, String name, Function<ExpMessage, @Nullable Object> handler) {
	}

}
