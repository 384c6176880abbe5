package io.exp.client;

import org.jspecify.annotations.Nullable;

/**
 * Base class of every exception the EXP client throws.
 *
 * @since 0.1.0
 */
public class ExpException extends RuntimeException {

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 */
	public ExpException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a cause.
	 * @param message what went wrong
	 * @param cause the cause
	 */
	public ExpException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
