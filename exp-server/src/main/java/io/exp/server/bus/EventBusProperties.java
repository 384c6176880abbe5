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
	 * Largest STOMP message (frame) a client may send, also the WebSocket container's message buffer.
	 */
	private int maxMessageSize = 65536;

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

}
