package io.exp.benchmarks.scale;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import org.jspecify.annotations.Nullable;

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

	/**
	 * Connects devices {@code sim-<first>} to {@code sim-<first + count - 1>} and
	 * subscribes them, with at most 50 connections in progress (the node's accept queue
	 * is finite), and waits until all are subscribed.
	 * @param url the event bus URL, {@code ws://host:port/eventbus}
	 * @param tokens issues the devices' tokens
	 * @param first the number of the first device
	 * @param count how many devices
	 * @param destination the destination to subscribe to
	 * @param broadcasts called with the payload (an index) of each broadcast received
	 * @param progress called with the number of devices connecting, every 1,000
	 * @throws InterruptedException when interrupted while waiting
	 * @throws IllegalStateException when a device could not connect
	 */
	default void connectAll(String url, TokenService tokens, int first, int count, String destination,
			IntConsumer broadcasts, IntConsumer progress) throws InterruptedException {
		Semaphore connecting = new Semaphore(50);
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		for (int i = 0; i < count && failure.get() == null; i++) {
			connecting.acquire();
			connect(url, tokens.issue(new Identity("sim-" + (first + i), "device", "exp", null)), destination,
					broadcasts)
				.whenComplete((done, ex) -> {
					if (ex != null) {
						failure.compareAndSet(null, ex);
					}
					connecting.release();
				});
			if ((i + 1) % 1000 == 0) {
				progress.accept(i + 1);
			}
		}
		connecting.acquire(50);
		if (failure.get() != null) {
			throw new IllegalStateException("A device could not connect", failure.get());
		}
	}

	@Override
	void close();

}
