package io.exp.client;

/**
 * Thrown when an API call or an event bus request gets no answer within its timeout.
 *
 * @since 0.1.0
 */
public class ExpTimeoutException extends ExpException {

	/**
	 * Creates an exception.
	 * @param message what timed out, and after how long
	 */
	public ExpTimeoutException(String message) {
		super(message);
	}

}
