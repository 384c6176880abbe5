package io.exp.client;

import org.jspecify.annotations.Nullable;

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

	/**
	 * Creates an exception with the failure that explains the timeout.
	 * @param message what timed out, and after how long
	 * @param cause the last failure before the timeout, if any
	 */
	public ExpTimeoutException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
