package io.exp.boot.autoconfigure;

import java.util.List;

/**
 * Thrown at start when the {@code exp.*} credentials are incomplete or ambiguous; a
 * failure analyzer turns it into a description and an action naming the properties to
 * set.
 *
 * @since 0.1.0
 */
public class InvalidExpCredentialsException extends RuntimeException {

	private final List<String> setProperties;

	/**
	 * Creates an exception.
	 * @param problem what is wrong with the credentials
	 * @param setProperties the credential properties that are set
	 */
	public InvalidExpCredentialsException(String problem, List<String> setProperties) {
		super(problem);
		this.setProperties = List.copyOf(setProperties);
	}

	/**
	 * Returns the credential properties that are set.
	 * @return their names, for example {@code exp.username}
	 */
	public List<String> getSetProperties() {
		return this.setProperties;
	}

}
