package io.exp.client.bus;

/**
 * Looks up event bus channels by name; implemented by the event bus and used by API
 * resources for {@code getChannel()}.
 *
 * @since 0.1.0
 */
public interface ExpChannels {

	/**
	 * Returns the channel with the given name in the caller's organization, neither
	 * system nor consumer.
	 * @param name the channel name, for example a resource's uuid
	 * @return the channel
	 */
	default ExpChannel channel(String name) {
		return channel(name, false, false);
	}

	/**
	 * Returns the channel with the given name and flags in the caller's organization.
	 * @param name the channel name
	 * @param system whether it is a system channel (listen-only for clients)
	 * @param consumer whether it is a consumer channel
	 * @return the channel
	 */
	ExpChannel channel(String name, boolean system, boolean consumer);

}
