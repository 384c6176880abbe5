package io.exp.server.bus;

import java.time.Clock;
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
 * <li>Every node numbers what it appends ({@link AppendNumbers}); a reader that finds a
 * number missing ({@link LostAppends}) read on after entries the stream's retention
 * dropped while it did not read: every channel subscription of its sessions gets the
 * discontinuity frame ({@link MissedBroadcasts}) before the broadcasts after the gap, and
 * a resume from before the gap gets it too. The offsets cannot tell: the broker gives
 * offsets to entries of its own.</li>
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

	private final MissedBroadcasts missed;

	private final AppendNumbers appends = new AppendNumbers();

	private final LostAppends lost;

	/**
	 * @param broker the node's broker connections
	 * @param brokerChannel the node's broker channel
	 * @param stream the stream's name
	 * @param position where the node stands in the stream
	 * @param maxAge how far back the node reads the stream when it starts
	 * @param missed told when the node read on after entries the stream lost
	 */
	BroadcastStream(BrokerConnections broker, SubscribableChannel brokerChannel, String stream,
			BroadcastStreamPosition position, Duration maxAge, MissedBroadcasts missed) {
		super(brokerChannel, broker.nodeId());
		this.broker = broker;
		this.position = position;
		this.queue = "/queue/" + stream;
		this.appendDestination = "/amq/queue/" + stream;
		this.maxAge = maxAge;
		this.missed = missed;
		this.lost = new LostAppends(maxAge, Clock.systemUTC());
	}

	@Override
	boolean append(StompHeaders headers, byte[] payload) {
		headers.setDestination(this.appendDestination);
		headers.set(NodeRelay.ORIGIN, this.broker.nodeId());
		BrokerConnection connection = this.broker.forDestination(this.queue);
		return this.appends.append(() -> this.broker.nodeId() + "." + connection.generation(), headers,
				(numbered) -> connection.send(numbered, payload));
	}

	private StompHeaders subscribeHeaders() {
		this.lost.readingAgain();
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
		Serial serial = new Serial(this.position.epoch(), offset);
		if (this.lost.lostBefore(headers)) {
			// the stream's retention dropped entries this node had not read yet
			this.position.restartedAt(offset);
			this.missed.missedBefore(serial);
		}
		deliver(headers, payload, serial);
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
