package io.exp.server.bus;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits and timings of the event bus under {@code exp.server.bus.*}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("exp.server.bus")
public class EventBusProperties {

	/**
	 * Largest STOMP message (frame) a client may send, also the WebSocket container's per-session message buffers.
	 */
	private int maxMessageSize = 32768;

	/**
	 * Interval at which the server sends heartbeats and expects them from clients.
	 */
	private Duration heartbeat = Duration.ofSeconds(10);

	/**
	 * Largest amount of outgoing data buffered for one slow session before it is closed.
	 */
	private int sendBufferSizeLimit = 67108864;

	/**
	 * Longest time one send to a session may take before the session is closed.
	 */
	private Duration sendTimeLimit = Duration.ofSeconds(60);

	/**
	 * Threads that process incoming and outgoing messages, each way.
	 */
	private int threads = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);

	/**
	 * Messages queued each way before the sender's connection is slowed down (backpressure).
	 */
	private int queueCapacity = 10_000;

	private final Relay relay = new Relay();

	public int getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(int maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public Duration getHeartbeat() {
		return this.heartbeat;
	}

	public void setHeartbeat(Duration heartbeat) {
		this.heartbeat = heartbeat;
	}

	public int getSendBufferSizeLimit() {
		return this.sendBufferSizeLimit;
	}

	public void setSendBufferSizeLimit(int sendBufferSizeLimit) {
		this.sendBufferSizeLimit = sendBufferSizeLimit;
	}

	public Duration getSendTimeLimit() {
		return this.sendTimeLimit;
	}

	public void setSendTimeLimit(Duration sendTimeLimit) {
		this.sendTimeLimit = sendTimeLimit;
	}

	public int getThreads() {
		return this.threads;
	}

	public void setThreads(int threads) {
		this.threads = threads;
	}

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

	public Relay getRelay() {
		return this.relay;
	}

	/**
	 * Relaying the event bus to an external STOMP broker (ActiveMQ Artemis, or RabbitMQ with rabbitmq_stomp), so
	 * several server nodes share it. Off: the in-process broker.
	 */
	public static class Relay {

		/**
		 * Whether to relay to an external STOMP broker instead of the in-process one.
		 */
		private boolean enabled;

		/**
		 * Host of the broker's STOMP port.
		 */
		private String host = "localhost";

		/**
		 * The broker's STOMP port.
		 */
		private int port = 61613;

		/**
		 * Login for the relay's connections to the broker.
		 */
		private String login = "guest";

		/**
		 * Passcode for the relay's connections to the broker.
		 */
		private String passcode = "guest";

		/**
		 * Virtual host to connect to, for RabbitMQ; empty for none.
		 */
		private String virtualHost = "";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getHost() {
			return this.host;
		}

		public void setHost(String host) {
			this.host = host;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public String getLogin() {
			return this.login;
		}

		public void setLogin(String login) {
			this.login = login;
		}

		public String getPasscode() {
			return this.passcode;
		}

		public void setPasscode(String passcode) {
			this.passcode = passcode;
		}

		public String getVirtualHost() {
			return this.virtualHost;
		}

		public void setVirtualHost(String virtualHost) {
			this.virtualHost = virtualHost;
		}

	}

}
