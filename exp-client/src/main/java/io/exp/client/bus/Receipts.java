package io.exp.client.bus;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;

/**
 * Subscriptions the server confirms with a STOMP receipt; only subscriptions ask for one,
 * so sends carry no receipt bookkeeping.
 */
final class Receipts {

	private Receipts() {
	}

	/**
	 * Subscribes and returns the receipt.
	 */
	static CompletableFuture<Void> subscribe(StompSession session, String destination, StompFrameHandler handler) {
		return of(subscribeWithReceipt(session, destination, handler));
	}

	static StompSession.Subscription subscribeWithReceipt(StompSession session, String destination,
			StompFrameHandler handler) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination(destination);
		return subscribeWithReceipt(session, headers, handler);
	}

	/**
	 * Subscribes with the given headers (destination and any others) and a receipt.
	 */
	static StompSession.Subscription subscribeWithReceipt(StompSession session, StompHeaders headers,
			StompFrameHandler handler) {
		headers.setReceipt(UUID.randomUUID().toString());
		return session.subscribe(headers, handler);
	}

	static CompletableFuture<Void> of(StompSession.Subscription subscription) {
		CompletableFuture<Void> receipt = new CompletableFuture<>();
		subscription.addReceiptTask(() -> receipt.complete(null));
		subscription.addReceiptLostTask(() -> receipt.completeExceptionally(new TimeoutException("receipt lost")));
		return receipt;
	}

}
