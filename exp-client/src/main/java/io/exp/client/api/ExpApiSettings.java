package io.exp.client.api;

import java.time.Duration;

/**
 * Timeouts and retries of API calls.
 *
 * @param timeout the longest time one attempt of a call may take
 * @param maxRetries how often an idempotent call (GET, PUT, DELETE) is retried on connect
 * errors and 502/503/504
 * @param retryBackoff the first pause between retries, growing exponentially with jitter
 * @since 0.1.0
 */
public record ExpApiSettings(Duration timeout, int maxRetries, Duration retryBackoff) {

	/** The defaults: 10 s per call as in the SDKs, 2 retries starting at 100 ms. */
	public static final ExpApiSettings DEFAULTS = new ExpApiSettings(Duration.ofSeconds(10), 2, Duration.ofMillis(100));

}
