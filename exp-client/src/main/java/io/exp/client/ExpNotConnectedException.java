package io.exp.client;

/**
 * Thrown by a send on the event bus while it is offline: sends fail fast instead of being dropped silently.
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

}
