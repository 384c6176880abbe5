package io.exp.server.bus;

import org.jspecify.annotations.Nullable;

/**
 * A refused event bus message, answered to its sender on {@code /user/queue/errors} with
 * its code.
 *
 * @since 0.1.0
 */
public class BusException extends RuntimeException {

	private final String code;

	private final @Nullable String id;

	/**
	 * Creates an exception.
	 * @param code a stable machine-readable code, for example {@code channel.forbidden}
	 * @param message a human-readable message
	 */
	public BusException(String code, String message) {
		this(code, message, null);
	}

	/**
	 * Creates an exception about the message with the given id.
	 * @param code a stable machine-readable code
	 * @param message a human-readable message
	 * @param id the refused message's id, or {@code null} when unknown
	 */
	public BusException(String code, String message, @Nullable String id) {
		super(message);
		this.code = code;
		this.id = id;
	}

	/**
	 * Returns the id of the refused message.
	 * @return the id, or {@code null} when unknown
	 */
	public @Nullable String getId() {
		return this.id;
	}

	/**
	 * Returns the code.
	 * @return the code
	 */
	public String getCode() {
		return this.code;
	}

}
