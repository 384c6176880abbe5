package io.exp.server.bus;

import java.time.Duration;
import java.time.Instant;

import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.simp.stomp.StompHeaders;

/**
 * The RabbitMQ stream through which the nodes of a cluster share their broadcasts
 * ({@code exp.server.bus.history.stream}, see {@link BroadcastLog}): the broker numbers
 * each broadcast once for every node (its offset in the stream is its serial) and keeps
 * them, so every node holds the same history with the same serials, and a subscriber
 * resumes exactly on any node, also after its own node died.
 * <ul>
 * <li>A broadcast published on this node is appended to the stream.</li>
 * <li>The node reads the whole stream on one broker connection, from
 * {@code exp.server.bus.history.max-age} ago when it starts and from where it stopped
 * after a reconnect, and puts each broadcast on the broker channel with its serial, in
 * the stream's order: its own broadcasts too, so every node delivers in the same
 * order.</li>
 * <li>After each subscription it appends a marker of its own, and knows it has caught up
 * with the stream when it reads it back ({@link BroadcastStreamPosition}).</li>
 * </ul>
 * The stream is the one durable thing the cluster keeps on the broker, shared by all its
 * nodes; its size is bounded by the broker's retention policy (see the operations guide).
 */
final class BroadcastStream extends BroadcastLog {

	private static final String OFFSET = "x-stream-offset";

	private static final int PREFETCH = 4 * BrokerConnection.ACK_EVERY;

	private final BrokerConnections broker;

	private final BroadcastStreamPosition position;

	private final String queue;

	private final String appendDestination;

	private final Duration maxAge;

	/**
	 * @param broker the node's broker connections
	 * @param brokerChannel the node's broker channel
	 * @param stream the stream's name
	 * @param position where the node stands in the stream
	 * @param maxAge how far back the node reads the stream when it starts
	 */
	BroadcastStream(BrokerConnections broker, SubscribableChannel brokerChannel, String stream,
			BroadcastStreamPosition position, Duration maxAge) {
		super(brokerChannel, broker.nodeId());
		this.broker = broker;
		this.position = position;
		this.queue = "/queue/" + stream;
		this.appendDestination = "/amq/queue/" + stream;
		this.maxAge = maxAge;
	}

	@Override
	boolean append(StompHeaders headers, byte[] payload) {
		headers.setDestination(this.appendDestination);
		headers.set(NodeRelay.ORIGIN, this.broker.nodeId());
		return this.broker.forDestination(this.queue).send(headers, payload);
	}

	private StompHeaders subscribeHeaders() {
		StompHeaders headers = new StompHeaders();
		headers.set("x-queue-type", "stream");
		headers.setAck("client");
		headers.set("prefetch-count", Integer.toString(PREFETCH));
		long from = this.position.lastHeard();
		headers.set(OFFSET, (from >= 0) ? "offset=" + (from + 1)
				: "timestamp=" + Instant.now().minus(this.maxAge).getEpochSecond());
		return headers;
	}

	private void appendMarker() {
		StompHeaders headers = new StompHeaders();
		headers.set(MARKER, this.broker.nodeId());
		append(headers, new byte[0]);
	}

	/** Runs on the broker connection's I/O thread, in the stream's order. */
	private void read(StompHeaders headers, byte[] payload) {
		String offsetText = headers.getFirst(OFFSET);
		long offset;
		try {
			offset = (offsetText != null) ? Long.parseLong(offsetText) : -1;
		}
		catch (NumberFormatException ex) {
			offset = -1;
		}
		if (offset <= this.position.lastHeard()) {
			return;
		}
		deliver(headers, payload, new Serial(this.position.epoch(), offset));
		this.position.heard(offset);
		if (this.broker.nodeId().equals(headers.getFirst(MARKER))) {
			this.position.caughtUp();
		}
	}

	@Override
	void subscribe() {
		this.broker.forDestination(this.queue)
			.subscribe(this.queue, this::subscribeHeaders, this::read, this::appendMarker);
	}

	@Override
	void unsubscribe() {
		this.broker.forDestination(this.queue).unsubscribe(this.queue);
	}

}
