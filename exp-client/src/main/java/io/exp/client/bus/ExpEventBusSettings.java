package io.exp.client.bus;

import java.time.Duration;

import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Timeouts, reconnect backoff, handler executor, limits and resuming of the event bus.
 * Start from {@link #DEFAULTS} or {@link #builder()}, and change one value with
 * {@link #toBuilder()}: <pre class="code">
 * ExpEventBusSettings settings = ExpEventBusSettings.DEFAULTS.toBuilder().requestTimeout(Duration.ofSeconds(2)).build();
 * </pre>
 *
 * @since 0.1.0
 */
public final class ExpEventBusSettings {

	/**
	 * The defaults: as the EXP Python SDK (10 s requests, start blocks), reconnect 1 s
	 * growing to 20 s as the EXP JavaScript SDK.
	 */
	public static final ExpEventBusSettings DEFAULTS = new Builder().build();

	private final Duration startTimeout;

	private final boolean failOnStartTimeout;

	private final Duration requestTimeout;

	private final Duration connectTimeout;

	private final Duration reconnectMinBackoff;

	private final Duration reconnectMaxBackoff;

	private final int handlerThreads;

	private final int handlerQueueCapacity;

	private final boolean virtualThreads;

	private final DataSize maxMessageSize;

	private final Duration heartbeat;

	private final Duration handlerTimeout;

	private final Duration shutdownTimeout;

	private final boolean resume;

	private ExpEventBusSettings(Builder builder) {
		Assert.isTrue(builder.handlerThreads > 0, "handlerThreads must be positive");
		Assert.isTrue(builder.handlerQueueCapacity > 0, "handlerQueueCapacity must be positive");
		Assert.isTrue(builder.maxMessageSize.toBytes() > 0 && builder.maxMessageSize.toBytes() <= Integer.MAX_VALUE,
				"maxMessageSize must be between 1 byte and 2 GB");
		this.startTimeout = builder.startTimeout;
		this.failOnStartTimeout = builder.failOnStartTimeout;
		this.requestTimeout = builder.requestTimeout;
		this.connectTimeout = builder.connectTimeout;
		this.reconnectMinBackoff = builder.reconnectMinBackoff;
		this.reconnectMaxBackoff = builder.reconnectMaxBackoff;
		this.handlerThreads = builder.handlerThreads;
		this.handlerQueueCapacity = builder.handlerQueueCapacity;
		this.virtualThreads = builder.virtualThreads;
		this.maxMessageSize = builder.maxMessageSize;
		this.heartbeat = builder.heartbeat;
		this.handlerTimeout = builder.handlerTimeout;
		this.shutdownTimeout = builder.shutdownTimeout;
		this.resume = builder.resume;
	}

	/**
	 * Returns a builder with the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns a builder with these settings, to change some of them.
	 * @return a new builder
	 */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/**
	 * Returns how long {@code start()} waits for the bus to be online first.
	 * @return the start timeout
	 */
	public Duration startTimeout() {
		return this.startTimeout;
	}

	/**
	 * Whether {@code start()} fails when the bus is not online in time (otherwise it goes
	 * on and keeps trying in the background).
	 * @return whether the start fails on its timeout
	 */
	public boolean failOnStartTimeout() {
		return this.failOnStartTimeout;
	}

	/**
	 * Returns how long a request waits for its response.
	 * @return the request timeout
	 */
	public Duration requestTimeout() {
		return this.requestTimeout;
	}

	/**
	 * Returns how long one connection attempt may take.
	 * @return the connect timeout
	 */
	public Duration connectTimeout() {
		return this.connectTimeout;
	}

	/**
	 * Returns the first pause before reconnecting, doubling with jitter.
	 * @return the first backoff
	 */
	public Duration reconnectMinBackoff() {
		return this.reconnectMinBackoff;
	}

	/**
	 * Returns the longest pause between reconnect attempts.
	 * @return the longest backoff
	 */
	public Duration reconnectMaxBackoff() {
		return this.reconnectMaxBackoff;
	}

	/**
	 * Returns how many listener and responder handlers run at once.
	 * @return the number of handlers
	 */
	public int handlerThreads() {
		return this.handlerThreads;
	}

	/**
	 * Returns how many messages wait for a handler before the connection is slowed down.
	 * @return the queue capacity
	 */
	public int handlerQueueCapacity() {
		return this.handlerQueueCapacity;
	}

	/**
	 * Whether handlers run on virtual threads (Java 21+; platform threads otherwise).
	 * @return whether to use virtual threads
	 */
	public boolean virtualThreads() {
		return this.virtualThreads;
	}

	/**
	 * Returns the largest message sent or received: a message of exactly this size
	 * passes, one byte more does not.
	 * @return the largest message
	 */
	public DataSize maxMessageSize() {
		return this.maxMessageSize;
	}

	/**
	 * Returns the STOMP heartbeat interval, both ways.
	 * @return the heartbeat interval
	 */
	public Duration heartbeat() {
		return this.heartbeat;
	}

	/**
	 * Returns how long a responder's asynchronous result ({@code CompletionStage},
	 * {@code Mono}) may take before the request is answered with an error.
	 * @return the handler timeout
	 */
	public Duration handlerTimeout() {
		return this.handlerTimeout;
	}

	/**
	 * Returns how long {@code stop()} waits for running handlers to finish, so that
	 * responders in progress still send their answers.
	 * @return the shutdown timeout
	 */
	public Duration shutdownTimeout() {
		return this.shutdownTimeout;
	}

	/**
	 * Whether a channel subscription made again after a reconnect resumes after the last
	 * broadcast received, so that the broadcasts sent while the bus was away are replayed
	 * (or their loss signalled); otherwise it gets live broadcasts only.
	 * @return whether to resume subscriptions
	 */
	public boolean resume() {
		return this.resume;
	}

	/**
	 * Builds {@link ExpEventBusSettings}, starting from the defaults.
	 */
	public static final class Builder {

		private Duration startTimeout = Duration.ofSeconds(10);

		private boolean failOnStartTimeout = true;

		private Duration requestTimeout = Duration.ofSeconds(10);

		private Duration connectTimeout = Duration.ofSeconds(10);

		private Duration reconnectMinBackoff = Duration.ofSeconds(1);

		private Duration reconnectMaxBackoff = Duration.ofSeconds(20);

		private int handlerThreads = 4;

		private int handlerQueueCapacity = 10_000;

		private boolean virtualThreads;

		private DataSize maxMessageSize = DataSize.ofKilobytes(32);

		private Duration heartbeat = Duration.ofSeconds(10);

		private Duration handlerTimeout = Duration.ofSeconds(10);

		private Duration shutdownTimeout = Duration.ofSeconds(10);

		private boolean resume = true;

		private Builder() {
		}

		private Builder(ExpEventBusSettings settings) {
			this.startTimeout = settings.startTimeout;
			this.failOnStartTimeout = settings.failOnStartTimeout;
			this.requestTimeout = settings.requestTimeout;
			this.connectTimeout = settings.connectTimeout;
			this.reconnectMinBackoff = settings.reconnectMinBackoff;
			this.reconnectMaxBackoff = settings.reconnectMaxBackoff;
			this.handlerThreads = settings.handlerThreads;
			this.handlerQueueCapacity = settings.handlerQueueCapacity;
			this.virtualThreads = settings.virtualThreads;
			this.maxMessageSize = settings.maxMessageSize;
			this.heartbeat = settings.heartbeat;
			this.handlerTimeout = settings.handlerTimeout;
			this.shutdownTimeout = settings.shutdownTimeout;
			this.resume = settings.resume;
		}

		/**
		 * Sets how long {@code start()} waits for the bus to be online first.
		 * @param startTimeout the start timeout
		 * @return this builder
		 */
		public Builder startTimeout(Duration startTimeout) {
			this.startTimeout = startTimeout;
			return this;
		}

		/**
		 * Sets whether {@code start()} fails when the bus is not online in time.
		 * @param failOnStartTimeout whether the start fails on its timeout
		 * @return this builder
		 */
		public Builder failOnStartTimeout(boolean failOnStartTimeout) {
			this.failOnStartTimeout = failOnStartTimeout;
			return this;
		}

		/**
		 * Sets how long a request waits for its response.
		 * @param requestTimeout the request timeout
		 * @return this builder
		 */
		public Builder requestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
			return this;
		}

		/**
		 * Sets how long one connection attempt may take.
		 * @param connectTimeout the connect timeout
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		/**
		 * Sets the first pause before reconnecting.
		 * @param reconnectMinBackoff the first backoff
		 * @return this builder
		 */
		public Builder reconnectMinBackoff(Duration reconnectMinBackoff) {
			this.reconnectMinBackoff = reconnectMinBackoff;
			return this;
		}

		/**
		 * Sets the longest pause between reconnect attempts.
		 * @param reconnectMaxBackoff the longest backoff
		 * @return this builder
		 */
		public Builder reconnectMaxBackoff(Duration reconnectMaxBackoff) {
			this.reconnectMaxBackoff = reconnectMaxBackoff;
			return this;
		}

		/**
		 * Sets how many listener and responder handlers run at once.
		 * @param handlerThreads the number of handlers
		 * @return this builder
		 */
		public Builder handlerThreads(int handlerThreads) {
			this.handlerThreads = handlerThreads;
			return this;
		}

		/**
		 * Sets how many messages wait for a handler before the connection is slowed down.
		 * @param handlerQueueCapacity the queue capacity
		 * @return this builder
		 */
		public Builder handlerQueueCapacity(int handlerQueueCapacity) {
			this.handlerQueueCapacity = handlerQueueCapacity;
			return this;
		}

		/**
		 * Sets whether handlers run on virtual threads.
		 * @param virtualThreads whether to use virtual threads
		 * @return this builder
		 */
		public Builder virtualThreads(boolean virtualThreads) {
			this.virtualThreads = virtualThreads;
			return this;
		}

		/**
		 * Sets the largest message sent or received.
		 * @param maxMessageSize the largest message
		 * @return this builder
		 */
		public Builder maxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
			return this;
		}

		/**
		 * Sets the STOMP heartbeat interval.
		 * @param heartbeat the heartbeat interval
		 * @return this builder
		 */
		public Builder heartbeat(Duration heartbeat) {
			this.heartbeat = heartbeat;
			return this;
		}

		/**
		 * Sets how long a responder's asynchronous result may take.
		 * @param handlerTimeout the handler timeout
		 * @return this builder
		 */
		public Builder handlerTimeout(Duration handlerTimeout) {
			this.handlerTimeout = handlerTimeout;
			return this;
		}

		/**
		 * Sets how long {@code stop()} waits for running handlers to finish.
		 * @param shutdownTimeout the shutdown timeout
		 * @return this builder
		 */
		public Builder shutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
			return this;
		}

		/**
		 * Sets whether a channel subscription made again after a reconnect resumes after
		 * the last broadcast received.
		 * @param resume whether to resume subscriptions
		 * @return this builder
		 */
		public Builder resume(boolean resume) {
			this.resume = resume;
			return this;
		}

		/**
		 * Builds the settings.
		 * @return the settings
		 */
		public ExpEventBusSettings build() {
			return new ExpEventBusSettings(this);
		}

	}

}
