package io.exp.client.bus;

import java.time.Duration;

/**
 * Callbacks of the event bus for metrics: messages sent and received, request round
 * trips, reconnects and the connection state. Implementations must be fast and
 * thread-safe; {@link #NONE} does nothing.
 *
 * @since 0.1.0
 */
public interface ExpEventBusMetrics {

	/** Metrics that record nothing. */
	ExpEventBusMetrics NONE = new ExpEventBusMetrics() {
	};

	/**
	 * A message was sent.
	 * @param type {@code broadcast}, {@code request} or {@code response}
	 */
	default void messageSent(String type) {
	}

	/**
	 * A message was received.
	 * @param type {@code broadcast}, {@code request} or {@code response}
	 */
	default void messageReceived(String type) {
	}

	/**
	 * A request got its answer, or failed.
	 * @param roundTrip the time from send to answer
	 * @param outcome {@code success}, {@code error} or {@code timeout}
	 */
	default void requestCompleted(Duration roundTrip, String outcome) {
	}

	/**
	 * The bus connected again after losing its connection.
	 */
	default void reconnected() {
	}

	/**
	 * The connection state changed.
	 * @param online whether the bus is online now
	 */
	default void connectionChanged(boolean online) {
	}

}
