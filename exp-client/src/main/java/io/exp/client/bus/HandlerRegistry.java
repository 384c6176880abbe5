package io.exp.client.bus;

import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;

/**
 * Every listener and responder, and the channel subscriptions of the current session: one STOMP subscription per
 * channel with listeners, made again on every reconnect, so a listener registered once keeps receiving, without
 * duplicates.
 */
final class HandlerRegistry {

	private static final Log logger = LogFactory.getLog(HandlerRegistry.class);

	private final ExpEventBus bus;

	private final WellKnownRequests wellKnownRequests;

	private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();

	private final Map<String, Responder> responders = new ConcurrentHashMap<>();

	private final Map<String, StompSession.Subscription> topics = new ConcurrentHashMap<>();

	private @Nullable StompSession session;

	HandlerRegistry(ExpEventBus bus) {
		this.bus = bus;
		this.wellKnownRequests = new WellKnownRequests(bus);
	}

	/**
	 * Adds a listener; when it is the channel's first and the bus is online, waits until the server confirms the
	 * subscription (a STOMP receipt), so a broadcast sent after {@code listen} returns is received.
	 */
	ExpSubscription addListener(String channelId, String channelName, String name, Consumer<ExpMessage> handler) {
		Listener listener = new Listener(channelName, name, handler, this.bus.handlers().serial());
		CompletableFuture<Void> subscribed;
		synchronized (this) {
			this.listeners.computeIfAbsent(channelId, (id) -> new CopyOnWriteArrayList<>()).add(listener);
			subscribed = (this.session != null && !this.topics.containsKey(channelId))
					? subscribe(this.session, channelId) : CompletableFuture.completedFuture(null);
		}
		try {
			subscribed.get(this.bus.settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
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
		StompSession.Subscription subscription = this.topics.remove(channelId);
		if (subscription != null && this.session != null && this.session.isConnected()) {
			subscription.unsubscribe();
		}
	}

	synchronized List<CompletableFuture<Void>> resubscribe(StompSession session) {
		this.session = session;
		this.topics.clear();
		return this.listeners.keySet().stream().map((channelId) -> subscribe(session, channelId)).toList();
	}

	synchronized void forgetSubscriptions() {
		this.session = null;
		this.topics.clear();
	}

	private CompletableFuture<Void> subscribe(StompSession session, String channelId) {
		StompSession.Subscription subscription = subscribeWithReceipt(session, ExpEventBus.TOPIC_PREFIX + channelId,
				this.bus.new Frames((envelope) -> onBroadcast(channelId, envelope)));
		this.topics.put(channelId, subscription);
		return receipt(subscription);
	}

	/**
	 * Subscribes asking the server for a receipt; only subscriptions ask, so sends carry no receipt bookkeeping.
	 */
	static StompSession.Subscription subscribeWithReceipt(StompSession session, String destination,
			StompFrameHandler handler) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination(destination);
		headers.setReceipt(UUID.randomUUID().toString());
		return session.subscribe(headers, handler);
	}

	static CompletableFuture<Void> receipt(StompSession.Subscription subscription) {
		CompletableFuture<Void> receipt = new CompletableFuture<>();
		subscription.addReceiptTask(() -> receipt.complete(null));
		subscription.addReceiptLostTask(() -> receipt.completeExceptionally(new TimeoutException("receipt lost")));
		return receipt;
	}

	private void onBroadcast(String channelId, Map<String, Object> envelope) {
		List<Listener> channelListeners = this.listeners.getOrDefault(channelId, List.of());
		Object name = envelope.get("name");
		for (Listener listener : channelListeners) {
			if (listener.name().equals(name)) {
				ExpMessage message = this.bus.message(envelope);
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
	 * Runs the request's responder: the one on the request's channel, otherwise, for a request on a well-known
	 * channel as its sender resolves it, the one on this identity's channel of the same name.
	 */
	void onRequest(Map<String, Object> envelope) {
		String channelId = String.valueOf(envelope.get("channel"));
		String name = String.valueOf(envelope.get("name"));
		Responder exact = this.responders.get(responderKey(channelId, name));
		Responder responder = (exact != null) ? exact
				: this.responders.get(responderKey(this.wellKnownRequests.respondingChannelId(channelId), name));
		this.bus.handlers().execute(() -> {
			try {
				answer(envelope, responder);
			}
			catch (ExpNotConnectedException ex) {
				logger.debug("Dropped the response to '" + envelope.get("name") + "': " + ex.getMessage());
			}
		});
	}

	/**
	 * Answers a request with its responder's result, or with an error when there is no responder or it failed. A
	 * {@code CompletionStage} result is answered when it completes, on the thread that completes it: no handler
	 * thread waits for it.
	 * @throws ExpNotConnectedException when the bus went offline or stopped before the response could be sent
	 */
	private void answer(Map<String, Object> request, @Nullable Responder responder) {
		if (responder == null) {
			this.bus.respondWithError(request, "responder.missing",
					"No responder for '" + request.get("name") + "' on this channel");
			return;
		}
		Object result;
		try {
			result = responder.handler().apply(this.bus.message(request));
		}
		catch (ExpNotConnectedException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			failed(request, responder, ex);
			return;
		}
		if (result instanceof CompletionStage<?> stage) {
			stage.whenComplete((value, ex) -> {
				try {
					if (ex != null) {
						failed(request, responder, (ex instanceof CompletionException && ex.getCause() != null)
								? ex.getCause() : ex);
					}
					else {
						reply(request, responder, value);
					}
				}
				catch (ExpNotConnectedException notConnected) {
					logger.debug("Dropped the response to '" + request.get("name") + "': "
							+ notConnected.getMessage());
				}
			});
			return;
		}
		reply(request, responder, result);
	}

	private void reply(Map<String, Object> request, Responder responder, @Nullable Object result) {
		try {
			this.bus.respond(request, result);
		}
		catch (ExpNotConnectedException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			failed(request, responder, ex);
		}
	}

	private void failed(Map<String, Object> request, Responder responder, Throwable ex) {
		logger.warn("Responder for '" + responder.name() + "' on channel '" + responder.channelName() + "' failed: "
				+ ex.getMessage());
		this.bus.respondWithError(request, "responder.failed", String.valueOf(ex.getMessage()));
	}

	private static String responderKey(String channelId, String name) {
		return channelId + '\n' + name;
	}

	private record Listener(String channelName, String name, Consumer<ExpMessage> handler, Executor executor) {
	}

	private record Responder(String channelName, String name, Function<ExpMessage, @Nullable Object> handler) {
	}

}
