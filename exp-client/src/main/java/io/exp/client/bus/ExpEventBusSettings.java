package io.exp.client.bus;

import java.time.Duration;

/**
 * Timeouts, reconnect backoff, handler executor and limits of the event bus.
 *
 * @param startTimeout how long {@code start()} waits for the bus to be online first
 * @param failOnStartTimeout whether {@code start()} fails when the bus is not online in time (otherwise it goes
 * on and keeps trying in the background)
 * @param requestTimeout how long a request waits for its response
 * @param connectTimeout how long one connection attempt may take
 * @param reconnectMinBackoff the first pause before reconnecting, doubling with jitter
 * @param reconnectMaxBackoff the longest pause between reconnect attempts
 * @param handlerThreads how many listener and responder handlers run at once
 * @param handlerQueueCapacity how many messages wait for a handler before the connection is slowed down
 * @param virtualThreads whether handlers run on virtual threads (Java 21+; platform threads otherwise)
 * @param maxMessageSize the largest message sent or received, in bytes
 * @param heartbeat the STOMP heartbeat interval, both ways
 * @since 0.1.0
 */
public record ExpEventBusSettings(Duration startTimeout, boolean failOnStartTimeout, Duration requestTimeout,
		Duration connectTimeout, Duration reconnectMinBackoff, Duration reconnectMaxBackoff, int handlerThreads,
		int handlerQueueCapacity, boolean virtualThreads, int maxMessageSize, Duration heartbeat) {

	/** The defaults: as the EXP Python SDK (10 s requests, start blocks), reconnect 1 s growing to 20 s as the EXP JavaScript SDK. */
	public static final ExpEventBusSettings DEFAULTS = new ExpEventBusSettings(Duration.ofSeconds(10), true,
			Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(20), 4, 10_000,
			false, 32 * 1024, Duration.ofSeconds(10));

}
