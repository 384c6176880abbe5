package io.exp.client.bus;

/**
 * A channel of the EXP event bus: broadcast, listen, request, respond, fling and identify on it.
 *
 * @since 0.1.0
 */
public interface ExpChannel {

	/**
	 * Returns the channel's name.
	 * @return the name, for example {@code "organization"} or a resource uuid
	 */
	String getName();

}
