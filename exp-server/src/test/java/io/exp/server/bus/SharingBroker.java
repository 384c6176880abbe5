package io.exp.server.bus;

import java.util.Map;

/**
 * A broker on which the nodes of a suite share their broadcasts
 * ({@code exp.server.bus.history.stream}), for the suites run against every broker:
 * {@link SharedBroadcastHistoryTests}, {@link SharedHistoryGapTests}.
 */
interface SharingBroker {

	/**
	 * Starts the broker, or finds it, and sets up what the suite shares on it.
	 * @return its STOMP port
	 * @throws Exception when it cannot start
	 */
	int start() throws Exception;

	/**
	 * Returns the properties that make the nodes share their broadcasts on this broker.
	 * @return the properties
	 */
	Map<String, Object> sharingProperties();

	/**
	 * Stops the broker, or deletes what the suite left on it.
	 * @throws Exception when it cannot
	 */
	void stop() throws Exception;

}
