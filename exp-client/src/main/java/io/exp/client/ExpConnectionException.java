package io.exp.client;

/**
 * Thrown when the EXP server cannot be reached; the message names the host and port.
 *
 * @since 0.1.0
 */
public class ExpConnectionException extends ExpException {

	/**
	 * Creates an exception.
	 * @param message what could not be reached
	 * @param cause the cause
	 */
	public ExpConnectionException(String message, Throwable cause) {
		super(message, cause);
	}

}
