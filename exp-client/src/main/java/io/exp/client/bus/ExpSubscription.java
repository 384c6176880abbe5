package io.exp.client.bus;

/**
 * A registered listener or responder; cancel it to stop receiving.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ExpSubscription {

	/**
	 * Unregisters the listener or responder. Cancelling twice does nothing.
	 */
	void cancel();

}
