package io.exp.server.auth;

/**
 * Thrown when a token is malformed, forged, expired or used where it is not allowed. The
 * message never contains the token.
 *
 * @since 0.1.0
 */
public class InvalidTokenException extends RuntimeException {

	/**
	 * Creates an exception with a message saying what is wrong with the token.
	 * @param message the reason, without the token itself
	 */
	public InvalidTokenException(String message) {
		super(message);
	}

}
