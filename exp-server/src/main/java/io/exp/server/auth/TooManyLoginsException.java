package io.exp.server.auth;

import java.time.Duration;

import io.exp.server.rest.ApiException;

import org.springframework.http.HttpStatus;

/**
 * Thrown when a client address or an account tried to log in too often; answered with 429
 * and a {@code Retry-After} header by {@link LoginThrottlingExceptionHandler}.
 *
 * @since 0.1.0
 */
public class TooManyLoginsException extends ApiException {

	private final Duration retryAfter;

	/**
	 * Creates an exception.
	 * @param what what was tried too often, for example {@code "Too many failed logins"}
	 * @param retryAfter how long to wait, in whole seconds
	 */
	public TooManyLoginsException(String what, Duration retryAfter) {
		super(HttpStatus.TOO_MANY_REQUESTS, "auth.tooManyLogins",
				what + ": try again in " + retryAfter.toSeconds() + " seconds");
		this.retryAfter = retryAfter;
	}

	/**
	 * Returns how long the client must wait before it tries again.
	 * @return the wait, in whole seconds
	 */
	public Duration getRetryAfter() {
		return this.retryAfter;
	}

}
