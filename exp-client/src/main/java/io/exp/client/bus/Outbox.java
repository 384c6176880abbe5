package io.exp.client.bus;

import java.util.Map;
import java.util.function.Supplier;

import io.exp.client.ExpNotConnectedException;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.util.MimeTypeUtils;

/**
 * Sends envelopes on the current session. Every failure to send is one of the SDK's
 * documented exceptions: a bus that is offline, and a connection that died before the bus
 * noticed (Spring's {@code MessageDeliveryException} and
 * {@code IllegalStateException: Connection closed}), are an
 * {@link ExpNotConnectedException}.
 */
final class Outbox {

	private final Envelopes envelopes;

	private final Supplier<@Nullable StompSession> session;

	private final ExpEventBusMetrics metrics;

	/**
	 * Creates an outbox.
	 * @param envelopes the codec
	 * @param session the session while online, otherwise {@code null}
	 * @param metrics the metrics callbacks
	 */
	Outbox(Envelopes envelopes, Supplier<@Nullable StompSession> session, ExpEventBusMetrics metrics) {
		this.envelopes = envelopes;
		this.session = session;
		this.metrics = metrics;
	}

	/**
	 * Sends an envelope.
	 * @throws ExpNotConnectedException when the bus is offline or its connection is lost
	 * @throws IllegalArgumentException when the message is larger than the limit
	 */
	void send(String destination, Map<String, Object> envelope) {
		byte[] body = this.envelopes.encode(envelope);
		StompSession current = this.session.get();
		if (current == null) {
			throw new ExpNotConnectedException("The EXP event bus is offline: '" + envelope.get(Envelopes.NAME)
					+ "' was not sent; listen for ExpOnlineEvent or check isConnected()");
		}
		StompHeaders headers = new StompHeaders();
		headers.setDestination(destination);
		headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
		try {
			current.send(headers, body);
		}
		catch (MessageDeliveryException | IllegalStateException ex) {
			throw new ExpNotConnectedException("The EXP event bus lost its connection: '" + envelope.get(Envelopes.NAME)
					+ "' was not sent; it reconnects on its own", ex);
		}
		this.metrics.messageSent(destination.substring(destination.lastIndexOf('/') + 1));
	}

	/**
	 * Returns a received message whose {@link ExpMessage#respond(Object)} answers its
	 * sender through this outbox.
	 */
	ExpMessage received(Map<String, Object> envelope) {
		return new ExpMessage(envelope, (payload) -> send("/app/response", Envelopes.response(envelope, payload)));
	}

}
