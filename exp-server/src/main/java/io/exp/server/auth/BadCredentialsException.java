package io.exp.server.auth;

/**
 * Thrown when login credentials are wrong or incomplete; answered with 401. The message
 * never contains a secret.
 *
 * @since 0.1.0
 */
public class BadCredentialsException extends RuntimeException {

	/**
	 * Creates an exception.
	 * @param message what is wrong, without any secret
	 */
	public BadCredentialsException(String message) {
		super(message);
	}

}
