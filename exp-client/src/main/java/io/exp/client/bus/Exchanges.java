package io.exp.client.bus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.exp.client.ExpNotConnectedException;
import io.exp.client.ExpTimeoutException;
import io.exp.client.observation.ExpBusRequestContext;
import io.micrometer.observation.Observation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The exchanges this client starts: requests waiting for their response, and broadcasts
 * collecting the responses of listeners. Responses and errors from the user queues come
 * here.
 */
final class Exchanges {

	private static final Log logger = LogFactory.getLog(ExpEventBus.class);

	private final Outbox outbox;

	private final Duration requestTimeout;

	private final ExpEventBusMetrics metrics;

	private final BusObservations observations;

	private final PendingRequests pendingRequests = new PendingRequests();

	private final Map<String, List<ExpMessage>> collectors = new ConcurrentHashMap<>();

	Exchanges(Outbox outbox, Duration requestTimeout, ExpEventBusMetrics metrics, BusObservations observations) {
		this.outbox = outbox;
		this.requestTimeout = requestTimeout;
		this.metrics = metrics;
		this.observations = observations;
	}

	/**
	 * Sends a request; a request that cannot be sent, or gets no response within the
	 * request timeout, completes exceptionally. The request is observed, and its envelope
	 * carries the observation's trace context.
	 */
	CompletableFuture<ExpMessage> request(String channelId, String channelName, String name, ExpTarget target,
			@Nullable Object payload) {
		String id = UUID.randomUUID().toString();
		ExpBusRequestContext context = new ExpBusRequestContext(channelName, name);
		Observation observation = this.observations.request(context);
		CompletableFuture<ExpMessage> response = this.pendingRequests.add(id, target.uuid());
		Map<String, Object> envelope = Envelopes.envelope(id, channelId, name, payload);
		envelope.put(Envelopes.TARGET, target.toJson());
		Map<String, String> trace = context.getCarrier();
		if (trace != null && !trace.isEmpty()) {
			envelope.put(Envelopes.TRACE, trace);
		}
		try {
			this.outbox.send("/app/request", envelope);
		}
		catch (RuntimeException ex) {
			this.pendingRequests.remove(id);
			stop(observation, context, "error", ex);
			return CompletableFuture.failedFuture(ex);
		}
		long started = System.nanoTime();
		Duration timeout = this.requestTimeout;
		CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)
			.execute(() -> this.pendingRequests.fail(id, new ExpTimeoutException(
					"No response to request '" + name + "' for " + target.uuid() + " within " + timeout)));
		return response.whenComplete((message, ex) -> {
			String outcome = (ex == null) ? "success" : (ex instanceof ExpTimeoutException) ? "timeout" : "error";
			this.metrics.requestCompleted(Duration.ofNanos(System.nanoTime() - started), outcome);
			stop(observation, context, outcome, ex);
		});
	}

	private static void stop(Observation observation, ExpBusRequestContext context, String outcome,
			@Nullable Throwable ex) {
		context.getExchange().setOutcome(outcome);
		if (ex != null) {
			observation.error(ex);
		}
		observation.stop();
	}

	List<ExpMessage> broadcastCollecting(String channelId, String name, @Nullable Object payload, Duration collectFor) {
		String id = UUID.randomUUID().toString();
		List<ExpMessage> responses = new CopyOnWriteArrayList<>();
		this.collectors.put(id, responses);
		try {
			this.outbox.send("/app/broadcast", Envelopes.envelope(id, channelId, name, payload));
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

	void onResponse(Map<String, Object> envelope) {
		String id = Envelopes.id(envelope);
		List<ExpMessage> collector = (id != null) ? this.collectors.get(id) : null;
		if (collector != null) {
			collector.add(this.outbox.received(envelope));
			return;
		}
		this.pendingRequests.answer(envelope, this.outbox::received);
	}

	void onError(Map<String, Object> envelope) {
		Map<?, ?> error = Envelopes.error(envelope);
		String id = Envelopes.id(envelope);
		if (id == null || !this.pendingRequests.fail(id, Envelopes.requestException(error))) {
			logger.warn("The EXP server refused a message: " + error.get(Envelopes.CODE) + ": "
					+ error.get(Envelopes.MESSAGE));
		}
	}

	/**
	 * Fails every waiting request: the bus went offline.
	 */
	void offline(Throwable cause) {
		this.pendingRequests.failAll(() -> new ExpNotConnectedException(
				"The EXP event bus went offline before the response arrived: " + cause.getMessage()));
	}

}
