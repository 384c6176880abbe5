package io.exp.server.rest;

import org.springframework.http.HttpStatus;

/**
 * An error answered as JSON {@code {"code", "message", "status"}} with its HTTP status.
 *
 * @since 0.1.0
 */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	/**
	 * Creates an error.
	 * @param status the HTTP status to answer
	 * @param code a stable machine-readable code, for example {@code resource.notFound}
	 * @param message a human-readable message
	 */
	public ApiException(HttpStatus status, String code, String message) {
		super(message);
		this.status = status;
		this.code = code;
	}

	/**
	 * Creates a 404 error for an absent resource.
	 * @param what what was not found, for example {@code "device abc"}
	 * @return the error
	 */
	public static ApiException notFound(String what) {
		return new ApiException(HttpStatus.NOT_FOUND, "resource.notFound", "No " + what);
	}

	/**
	 * Creates a 400 error for bad input.
	 * @param message what is wrong
	 * @return the error
	 */
	public static ApiException badRequest(String message) {
		return new ApiException(HttpStatus.BAD_REQUEST, "request.invalid", message);
	}

	/**
	 * Returns the HTTP status.
	 * @return the status
	 */
	public HttpStatus getStatus() {
		return this.status;
	}

	/**
	 * Returns the machine-readable code.
	 * @return the code
	 */
	public String getCode() {
		return this.code;
	}

}
