package io.exp.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.exp.client.ExpNodes;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the EXP client under {@code exp.*}. Set one credential set:
 * {@code username}, {@code password} and {@code organization}; or {@code uuid} and
 * {@code secret} (a device); or {@code uuid} and {@code api-key} (a consumer app).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("exp")
public class ExpProperties {

	/**
	 * Scheme and host of the EXP server, as the EXP Python SDK's host option; or several
	 * nodes (each with its own port, or exp.port), tried in turn when one cannot be
	 * reached.
	 */
	private List<String> host = new ArrayList<>(List.of("http://localhost"));

	/**
	 * Which of several nodes the client starts with: "ordered" starts with the first,
	 * "random" with one chosen at random, so that many clients spread over the nodes.
	 */
	private ExpNodes.Order nodeOrder = ExpNodes.Order.ORDERED;

	/**
	 * Port of the EXP server.
	 */
	private int port = 9000;

	/**
	 * Name of the user to log in as.
	 */
	private @Nullable String username;

	/**
	 * Password of the user.
	 */
	private @Nullable String password;

	/**
	 * Organization of the user.
	 */
	private @Nullable String organization;

	/**
	 * Uuid of the device or consumer app to log in as.
	 */
	private @Nullable String uuid;

	/**
	 * Secret of the device, at least 32 bytes.
	 */
	private @Nullable String secret;

	/**
	 * Whether an unknown device may log in to be paired.
	 */
	private boolean allowPairing;

	/**
	 * API key of the consumer app, at least 32 bytes.
	 */
	private @Nullable String apiKey;

	/**
	 * Uuid of the experience a user or consumer app works with: its experience
	 * channel, @ExpListen(channel = "experience") included, is then that experience's
	 * channel, where its devices are. A device's own experience comes first. Otherwise
	 * the channel named "experience".
	 */
	private @Nullable String experience;

	/**
	 * Uuid of the location a user or consumer app works with: its location
	 * channel, @ExpListen(channel = "location") included, is then that location's
	 * channel, where its devices are. A device's own location comes first. Otherwise the
	 * channel named "location".
	 */
	private @Nullable String location;

	private final Api api = new Api();

	private final EventBus eventBus = new EventBus();

	public List<String> getHost() {
		return this.host;
	}

	public void setHost(List<String> host) {
		this.host = host;
	}

	public ExpNodes.Order getNodeOrder() {
		return this.nodeOrder;
	}

	public void setNodeOrder(ExpNodes.Order nodeOrder) {
		this.nodeOrder = nodeOrder;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getOrganization() {
		return this.organization;
	}

	public void setOrganization(@Nullable String organization) {
		this.organization = organization;
	}

	public @Nullable String getUuid() {
		return this.uuid;
	}

	public void setUuid(@Nullable String uuid) {
		this.uuid = uuid;
	}

	public @Nullable String getSecret() {
		return this.secret;
	}

	public void setSecret(@Nullable String secret) {
		this.secret = secret;
	}

	public boolean isAllowPairing() {
		return this.allowPairing;
	}

	public void setAllowPairing(boolean allowPairing) {
		this.allowPairing = allowPairing;
	}

	public @Nullable String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(@Nullable String apiKey) {
		this.apiKey = apiKey;
	}

	public @Nullable String getExperience() {
		return this.experience;
	}

	public void setExperience(@Nullable String experience) {
		this.experience = experience;
	}

	public @Nullable String getLocation() {
		return this.location;
	}

	public void setLocation(@Nullable String location) {
		this.location = location;
	}

	/**
	 * Whether to connect to the event bus.
	 * @return whether the event bus is enabled
	 * @deprecated since 0.1.0 in favour of {@code exp.event-bus.enabled}
	 */
	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "exp.event-bus.enabled", since = "0.1.0")
	public boolean isEnableEventBus() {
		return this.eventBus.isEnabled();
	}

	/**
	 * Sets whether to connect to the event bus.
	 * @param enableEventBus whether the event bus is enabled
	 * @deprecated since 0.1.0 in favour of {@code exp.event-bus.enabled}
	 */
	@Deprecated(since = "0.1.0")
	public void setEnableEventBus(boolean enableEventBus) {
		this.eventBus.setEnabled(enableEventBus);
	}

	public Api getApi() {
		return this.api;
	}

	public EventBus getEventBus() {
		return this.eventBus;
	}

	/**
	 * API call timeouts and retries.
	 */
	public static class Api {

		/**
		 * Longest time one attempt of an API call may take.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		/**
		 * How often idempotent calls (GET, PUT, DELETE) are retried on connect errors and
		 * 502, 503, 504.
		 */
		private int maxRetries = 2;

		/**
		 * First pause between retries, growing exponentially with jitter.
		 */
		private Duration retryBackoff = Duration.ofMillis(100);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
		}

		public Duration getRetryBackoff() {
			return this.retryBackoff;
		}

		public void setRetryBackoff(Duration retryBackoff) {
			this.retryBackoff = retryBackoff;
		}

	}

	/**
	 * Event bus start, requests, reconnects, handlers and limits.
	 */
	public static class EventBus {

		/**
		 * Whether to connect to the event bus, as the EXP Python SDK's enableEvents
		 * option. When disabled, @ExpListen and @ExpRespond methods are ignored, with one
		 * warning that names them.
		 */
		private boolean enabled = true;

		/**
		 * How long the application's start waits for the event bus to be online.
		 */
		private Duration startTimeout = Duration.ofSeconds(10);

		/**
		 * Whether the start fails when the event bus is not online within the start
		 * timeout; otherwise it goes on, even while the server cannot be reached, and
		 * keeps trying in the background.
		 */
		private boolean failOnStartTimeout = true;

		/**
		 * How long a request waits for its response.
		 */
		private Duration requestTimeout = Duration.ofSeconds(10);

		/**
		 * How long one connection attempt may take.
		 */
		private Duration connectTimeout = Duration.ofSeconds(10);

		/**
		 * First pause before reconnecting, doubling with jitter.
		 */
		private Duration reconnectMinBackoff = Duration.ofSeconds(1);

		/**
		 * Longest pause between reconnect attempts.
		 */
		private Duration reconnectMaxBackoff = Duration.ofSeconds(20);

		/**
		 * How many listener and responder methods run at once.
		 */
		private int handlerThreads = 4;

		/**
		 * How many messages wait for a handler before the connection is slowed down.
		 */
		private int handlerQueueCapacity = 10_000;

		/**
		 * Whether handlers run on virtual threads (Java 21 and later).
		 */
		private boolean virtualThreads;

		/**
		 * Largest message (its JSON envelope) sent or received; a bare number is in
		 * bytes. A larger message is refused on send, and one received closes the
		 * connection, which reconnects.
		 */
		private DataSize maxMessageSize = DataSize.ofKilobytes(32);

		/**
		 * STOMP heartbeat interval, both ways.
		 */
		private Duration heartbeat = Duration.ofSeconds(10);

		/**
		 * Longest time a responder's asynchronous result (a CompletableFuture or Mono)
		 * may take; after it the request is answered with the error responder.failed.
		 */
		private Duration handlerTimeout = Duration.ofSeconds(10);

		/**
		 * Longest time a stop waits for the listeners and responders in progress, so that
		 * their answers are still sent.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(10);

		/**
		 * Whether a listener's channel subscription, made again after a reconnect,
		 * resumes after the last broadcast it received: the broadcasts sent while the bus
		 * was away arrive first, in order, or an ExpDiscontinuityEvent says they were
		 * missed. When disabled, a reconnected listener gets the live broadcasts only.
		 */
		private boolean resume = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getStartTimeout() {
			return this.startTimeout;
		}

		public void setStartTimeout(Duration startTimeout) {
			this.startTimeout = startTimeout;
		}

		public boolean isFailOnStartTimeout() {
			return this.failOnStartTimeout;
		}

		public void setFailOnStartTimeout(boolean failOnStartTimeout) {
			this.failOnStartTimeout = failOnStartTimeout;
		}

		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReconnectMinBackoff() {
			return this.reconnectMinBackoff;
		}

		public void setReconnectMinBackoff(Duration reconnectMinBackoff) {
			this.reconnectMinBackoff = reconnectMinBackoff;
		}

		public Duration getReconnectMaxBackoff() {
			return this.reconnectMaxBackoff;
		}

		public void setReconnectMaxBackoff(Duration reconnectMaxBackoff) {
			this.reconnectMaxBackoff = reconnectMaxBackoff;
		}

		public int getHandlerThreads() {
			return this.handlerThreads;
		}

		public void setHandlerThreads(int handlerThreads) {
			this.handlerThreads = handlerThreads;
		}

		public int getHandlerQueueCapacity() {
			return this.handlerQueueCapacity;
		}

		public void setHandlerQueueCapacity(int handlerQueueCapacity) {
			this.handlerQueueCapacity = handlerQueueCapacity;
		}

		public boolean isVirtualThreads() {
			return this.virtualThreads;
		}

		public void setVirtualThreads(boolean virtualThreads) {
			this.virtualThreads = virtualThreads;
		}

		public DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

		public Duration getHeartbeat() {
			return this.heartbeat;
		}

		public void setHeartbeat(Duration heartbeat) {
			this.heartbeat = heartbeat;
		}

		public Duration getHandlerTimeout() {
			return this.handlerTimeout;
		}

		public void setHandlerTimeout(Duration handlerTimeout) {
			this.handlerTimeout = handlerTimeout;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public boolean isResume() {
			return this.resume;
		}

		public void setResume(boolean resume) {
			this.resume = resume;
		}

	}

}
