package io.exp.client.bus;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Requests waiting for their response, each with the uuid of its target. A response
 * completes its request only when it comes from that target, or from the server itself
 * (which answers, without a sender, for a target that is offline): no other identity can
 * answer in the target's name. A response from anyone else is ignored and the request
 * keeps waiting.
 */
final class PendingRequests {

	private static final Log logger = LogFactory.getLog(PendingRequests.class);

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	CompletableFuture<ExpMessage> add(String id, String target) {
		CompletableFuture<ExpMessage> response = new CompletableFuture<>();
		this.pending.put(id, new Pending(target, response));
		return response;
	}

	void remove(String id) {
		this.pending.remove(id);
	}

	/**
	 * Completes the request that a response answers, normally or, for an error response,
	 * with the error.
	 * @param envelope the response
	 * @param messages makes the message of a successful response
	 */
	void answer(Map<String, Object> envelope, Function<Map<String, Object>, ExpMessage> messages) {
		String id = Envelopes.id(envelope);
		Pending request = (id != null) ? this.pending.get(id) : null;
		if (request == null) {
			logger.debug("Response " + id + " arrived after its request ended");
			return;
		}
		Object sender = Envelopes.senderUuid(envelope);
		if (envelope.containsKey(Envelopes.SENDER) && !request.target().equals(sender)) {
			logger.debug("Ignored a response to request " + id + " from " + sender + ", which is not its target");
			return;
		}
		if (!this.pending.remove(id, request)) {
			return;
		}
		if (envelope.get(Envelopes.ERROR) instanceof Map<?, ?> error) {
			request.response().completeExceptionally(Envelopes.requestException(error));
		}
		else {
			request.response().complete(messages.apply(envelope));
		}
	}

	boolean fail(String id, RuntimeException cause) {
		Pending request = this.pending.remove(id);
		return request != null && request.response().completeExceptionally(cause);
	}

	void failAll(Supplier<RuntimeException> cause) {
		this.pending.keySet().forEach((id) -> fail(id, cause.get()));
	}

	private record Pending(String target, CompletableFuture<ExpMessage> response) {
	}

}
