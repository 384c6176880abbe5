package io.exp.benchmarks.scale;

import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

/**
 * Simulated devices for {@link NodeCapacityHarness}: each connects to the event bus with
 * a device token, subscribes to one destination and reports the index the harness put in
 * the payload of every broadcast it receives.
 */
interface DeviceSimulator extends AutoCloseable {

	/**
	 * Connects one device and subscribes it.
	 * @param url the event bus URL, {@code ws://host:port/eventbus}
	 * @param token the device's bearer token
	 * @param destination the destination to subscribe to
	 * @param broadcasts called with the payload (an index) of each broadcast received
	 * @return completes once the subscription is in place, or fails with the reason
	 */
	CompletableFuture<?> connect(String url, String token, String destination, IntConsumer broadcasts);

	@Override
	void close();

}
