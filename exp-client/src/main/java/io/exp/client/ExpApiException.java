package io.exp.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An error answer of the EXP API: its HTTP status, the server's {@code code} and
 * {@code message}, and the parsed payload.
 *
 * @since 0.1.0
 */
public class ExpApiException extends ExpException {

	private final int status;

	private final @Nullable String code;

	private final Map<String, Object> payload;

	/**
	 * Creates an exception.
	 * @param method the HTTP method of the call
	 * @param path the path of the call
	 * @param status the HTTP status
	 * @param code the server's error code, if any
	 * @param message the server's message, if any
	 * @param payload the parsed error body
	 */
	public ExpApiException(String method, String path, int status, @Nullable String code, @Nullable String message,
			Map<String, Object> payload) {
		super(method + " " + path + " failed with " + status + ((code != null) ? " " + code : "")
				+ ((message != null) ? ": " + message : ""));
		this.status = status;
		this.code = code;
		this.payload = Collections.unmodifiableMap(new LinkedHashMap<>(payload));
	}

	/**
	 * Returns the HTTP status.
	 * @return the status
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Returns the server's error code.
	 * @return the code, for example {@code resource.notFound}, or {@code null}
	 */
	public @Nullable String getCode() {
		return this.code;
	}

	/**
	 * Returns the parsed error body.
	 * @return the payload
	 */
	public Map<String, Object> getPayload() {
		return this.payload;
	}

}
