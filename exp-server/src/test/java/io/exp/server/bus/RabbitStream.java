package io.exp.server.bus;

import java.util.Map;
import java.util.UUID;

/**
 * A RabbitMQ stream of {@link RabbitBroker} on which the nodes share their broadcasts,
 * named at random for each start, deleted at the stop.
 */
final class RabbitStream implements SharingBroker {

	private final String prefix;

	private final String policy;

	private String stream;

	private RabbitStream(String prefix, String policy) {
		this.prefix = prefix;
		this.policy = policy;
	}

	/**
	 * A stream with the broker's retention.
	 * @param prefix the start of its name
	 * @return the stream
	 */
	static RabbitStream named(String prefix) {
		return new RabbitStream(prefix, null);
	}

	/**
	 * A stream with a policy of its own that keeps about {@code maxBytes} bytes in
	 * segments of {@code segmentBytes}: the retention drops whole segments.
	 * @param prefix the start of its name
	 * @param maxBytes the bytes it keeps
	 * @param segmentBytes the size of its segments
	 * @return the stream
	 */
	static RabbitStream keeping(String prefix, int maxBytes, int segmentBytes) {
		return new RabbitStream(prefix,
				"{\"max-length-bytes\":" + maxBytes + ",\"stream-max-segment-size-bytes\":" + segmentBytes + "}");
	}

	@Override
	public int start() throws Exception {
		int port = RabbitBroker.stompPort();
		this.stream = this.prefix + UUID.randomUUID();
		if (this.policy != null) {
			RabbitBroker.setPolicy(this.stream, "^" + this.stream.replace(".", "\\.") + "$", this.policy);
		}
		return port;
	}

	/**
	 * Returns the stream's name, once started.
	 * @return the name
	 */
	String name() {
		return this.stream;
	}

	@Override
	public Map<String, Object> sharingProperties() {
		return Map.of("exp.server.bus.relay.virtual-host", "/", "exp.server.bus.history.stream", this.stream);
	}

	@Override
	public void stop() throws Exception {
		if (this.stream != null) {
			RabbitBroker.deleteQueue(this.stream);
			if (this.policy != null) {
				RabbitBroker.clearPolicy(this.stream);
			}
		}
	}

}
