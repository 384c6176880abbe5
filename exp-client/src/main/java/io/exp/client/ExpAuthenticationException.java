package io.exp.client;

/**
 * Thrown when EXP refuses the credentials. The message names the kind of credentials and
 * never contains a secret.
 *
 * @since 0.1.0
 */
public class ExpAuthenticationException extends ExpException {

	/**
	 * Creates an exception.
	 * @param message which credentials failed, and why
	 */
	public ExpAuthenticationException(String message) {
		super(message);
	}

}
