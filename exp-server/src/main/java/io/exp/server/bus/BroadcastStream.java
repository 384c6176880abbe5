package io.exp.server.bus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.simp.stomp.StompHeaders;

/**
 * The RabbitMQ stream through which the nodes of a cluster share their broadcasts
 * ({@code exp.server.bus.history.stream}, see {@link BroadcastLog}): the broker numbers
 * each entry once for every node (its offset in the stream) and keeps them, so every node
 * holds the same history with the same serials, and a subscriber resumes exactly on any
 * node, also after its own node died.
 * <ul>
 * <li>A broadcast published on this node is appended to the stream ({@link LogAppends}):
 * numbered by its appender, together with those published while the previous ones were
 * sent (one entry may hold several broadcasts, {@link LogBatch}), kept until the node
 * reads it back and sent again before its first append on a new broker session and after
 * a while: the broker may lose what was in flight when the node's connection failed. The
 * node drops an entry it read already ({@link LostAppends}).</li>
 * <li>The serial of the broadcast at index {@code i} (from 0) of the entry at offset
 * {@code o} is {@code o * }{@value #SERIALS_PER_ENTRY}{@code  + i}: one entry holds at
 * most {@link LogBatch#MAX_ENTRIES}.</li>
 * <li>The node reads the whole stream on one broker connection, from
 * {@code exp.server.bus.history.max-age} ago when it starts and from where it stopped
 * after a reconnect, and puts each broadcast on the broker channel with its serial, in
 * the stream's order: its own broadcasts too, so every node delivers in the same
 * order.</li>
 * <li>After each subscription it appends a marker of its own, and knows it has caught up
 * with the stream when it reads it back ({@link BroadcastStreamPosition}).</li>
 * <li>A reader that finds an appender's number missing ({@link LostAppends}) read on
 * after entries the stream's retention dropped while it did not read: every channel
 * subscription of its sessions gets the discontinuity frame ({@link MissedBroadcasts})
 * before the broadcasts after the gap, and a resume from before the gap gets it too. The
 * offsets cannot tell: the broker gives offsets to entries of its own.</li>
 * </ul>
 * The stream is the one durable thing the cluster keeps on the broker, shared by all its
 * nodes; its size is bounded by the broker's retention policy (see the operations guide).
 */
final class BroadcastStream extends BroadcastLog {

	/**
	 * The serials one stream entry spans: more than the broadcasts it may hold.
	 */
	static final int SERIALS_PER_ENTRY = 128;

	/** The first letter of the serials' epoch. */
	static final String EPOCH_PREFIX = "r";

	private static final String OFFSET = "x-stream-offset";

	private static final int PREFETCH = 4 * BrokerConnection.ACK_EVERY;

	private final BrokerConnections broker;

	private final BroadcastStreamPosition position;

	private final String queue;

	private final Duration maxAge;

	private final MissedBroadcasts missed;

	private final LogAppends appends;

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
		this.maxAge = maxAge;
		this.appends = new LogAppends(broker, "/amq/queue/" + stream, maxAge);
		this.missed = missed;
		this.lost = new LostAppends(maxAge, Clock.systemUTC());
	}

	@Override
	boolean append(StompHeaders headers, byte[] payload) {
		headers.set(NodeRelay.ORIGIN, this.broker.nodeId());
		return this.appends.append(headers, payload);
	}

	private StompHeaders subscribeHeaders() {
		this.lost.readingAgain();
		StompHeaders headers = new StompHeaders();
		headers.set("x-queue-type", "stream");
		headers.setAck("client");
		headers.set("prefetch-count", Integer.toString(PREFETCH));
		long from = this.position.lastHeard();
		headers.set(OFFSET, (from >= 0) ? "offset=" + (from / SERIALS_PER_ENTRY + 1)
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
		if (offset < 0) {
			return;
		}
		List<LogBatch.Entry> entries = LogBatch.read(headers, payload);
		for (int i = 0; i < entries.size() && i < SERIALS_PER_ENTRY; i++) {
			readBroadcast(entries.get(i).headers(), entries.get(i).payload(), offset * SERIALS_PER_ENTRY + i);
		}
	}

	/** Reads one broadcast or marker of the stream, in the stream's order. */
	private void readBroadcast(StompHeaders headers, byte[] payload, long number) {
		if (number <= this.position.lastHeard()) {
			return;
		}
		AppendNumbers.Appended appended = AppendNumbers.Appended.of(headers);
		this.appends.confirmed(appended);
		LostAppends.Reading reading = this.lost.read(appended);
		if (reading == LostAppends.Reading.READ_ALREADY) {
			// a copy its node sent again, not knowing whether the stream had it
			this.position.heard(number);
			return;
		}
		Serial serial = new Serial(this.position.epoch(), number);
		if (reading == LostAppends.Reading.AFTER_LOST) {
			// the stream's retention dropped entries this node had not read yet
			this.position.restartedAt(number);
			this.missed.missedBefore(serial);
		}
		deliver(headers, payload, serial);
		this.position.heard(number);
		if (this.broker.nodeId().equals(headers.getFirst(MARKER))) {
			this.position.caughtUp();
		}
	}

	@Override
	void subscribe() {
		this.appends.start();
		this.broker.forDestination(this.queue)
			.subscribe(this.queue, this::subscribeHeaders, this::read, this::appendMarker);
	}

	@Override
	void unsubscribe() {
		// reads on while the appends taken are sent: the node confirms them there
		this.appends.stop();
		this.broker.forDestination(this.queue).unsubscribe(this.queue);
	}

}
