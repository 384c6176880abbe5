package io.exp.testapps.support;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.exp.client.annotation.ExpListen;
import org.jspecify.annotations.Nullable;

/**
 * A test application's listener: keeps the {@code greeting} messages of the organization
 * channel.
 *
 * @since 0.1.0
 */
public class Greetings {

	private final BlockingQueue<Map<String, Object>> received = new LinkedBlockingQueue<>();

	/**
	 * Keeps a greeting.
	 * @param payload the greeting's payload
	 */
	@ExpListen(channel = "organization", name = "greeting")
	public void greet(Map<String, Object> payload) {
		this.received.add(payload);
	}

	/**
	 * Waits for the next greeting.
	 * @param timeout how long to wait
	 * @return the greeting's payload, or {@code null} when none came in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	public @Nullable Map<String, Object> next(Duration timeout) throws InterruptedException {
		return this.received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

}
