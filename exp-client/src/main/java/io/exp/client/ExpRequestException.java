package io.exp.client;

import org.jspecify.annotations.Nullable;

/**
 * The answer to an event bus request was an error: the responder threw, no responder was
 * there, or the target was offline.
 *
 * @since 0.1.0
 */
public class ExpRequestException extends ExpException {

	private final @Nullable String code;

	/**
	 * Creates an exception.
	 * @param code the error's code, for example {@code target.offline}
	 * @param message the error's message
	 */
	public ExpRequestException(@Nullable String code, String message) {
		super(message);
		this.code = code;
	}

	/**
	 * Returns the error's code.
	 * @return the code, or {@code null}
	 */
	public @Nullable String getCode() {
		return this.code;
	}

}
