package io.exp.server.bus;

import org.springframework.messaging.MessageDeliveryException;

/**
 * A frame the server refuses, answered with an {@code ERROR} frame whose {@code code}
 * header carries a stable machine-readable code (see {@link ErrorFrameCodes}) and whose
 * {@code message} says why; the connection closes.
 */
final class BusRefusal extends MessageDeliveryException {

	private final String code;

	BusRefusal(String code, String message) {
		super(message);
		this.code = code;
	}

	String getCode() {
		return this.code;
	}

}
