package io.exp.client;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a send on the event bus while it is offline, or when its connection is found
 * lost during the send (a node died and the bus has not noticed yet): sends fail fast
 * instead of being dropped silently. Requests waiting when the bus goes offline fail with
 * it too. The bus reconnects on its own.
 *
 * @since 0.1.0
 */
public class ExpNotConnectedException extends ExpException {

	/**
	 * Creates an exception.
	 * @param message what could not be sent
	 */
	public ExpNotConnectedException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with the transport failure that revealed the lost connection.
	 * @param message what could not be sent
	 * @param cause the transport failure
	 */
	public ExpNotConnectedException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
