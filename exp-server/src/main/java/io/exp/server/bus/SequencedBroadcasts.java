package io.exp.server.bus;

import java.time.Clock;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.simp.stomp.StompHeaders;

/**
 * The broadcasts the nodes of a cluster share on ActiveMQ Artemis
 * ({@code exp.server.bus.history.stream} with {@code exp.server.bus.history.sequencer},
 * see {@link BroadcastLog}), which has no stream a STOMP client can read from an offset:
 * one node at a time numbers them.
 * <ul>
 * <li>A broadcast published on this node is sent to the anycast queue {@code {name}.in}
 * ({@link LogAppends}): numbered by its appender, together with those published while the
 * previous ones were sent, kept until the node reads it back numbered and sent again
 * before its first append on a new broker session, after a while, and when the node reads
 * a new sequencer's marker on the topic: the broker may lose an input when its
 * sequencer's connection fails.</li>
 * <li>The node consuming that queue, one at a time ({@link BroadcastSequencer}), numbers
 * each input once, each appender's in their order, and publishes it on the multicast
 * topic {@code {name}}, together with those that came while it numbered
 * ({@link LogBatch}); the serial of a broadcast is {@code {epoch}.{number}}, the epoch
 * named after the topic.</li>
 * <li>Every node reads the whole topic and delivers each broadcast with its serial, in
 * the topic's order, the one the sequencer published in. A node that starts, or comes
 * back after its broker connection was lost, gets the topic's last messages first (a
 * retroactive address, see the operations guide), and drops those it read already; a
 * broadcast published as it subscribes may come before them, and waits until they came
 * ({@link RetroactiveReads}).</li>
 * <li>When the first number it reads after the topic's last messages is not the next one,
 * more were published while it did not read than the topic keeps, and when an appender's
 * number skips some, the sequencer gave up on them ({@link LostAppends}): every channel
 * subscription of its sessions gets the discontinuity frame ({@link MissedBroadcasts}),
 * before the broadcasts after the gap.</li>
 * <li>After each subscription the node appends a marker, and knows it has caught up when
 * it reads it back numbered ({@link BroadcastStreamPosition}).</li>
 * </ul>
 */
final class SequencedBroadcasts extends BroadcastLog {

	/** The first letter of the serials' epoch. */
	static final String EPOCH_PREFIX = "s";

	/** The header of a published broadcast that carries its number. */
	static final String NUMBER = "exp-number";

	private static final Log logger = LogFactory.getLog(SequencedBroadcasts.class);

	private final BrokerConnections broker;

	private final BroadcastStreamPosition position;

	private final BroadcastSequencer sequencer;

	private final MissedBroadcasts missed;

	private final String topic;

	private final String input;

	private final LogAppends appends;

	private final LostAppends lost;

	private final RetroactiveReads reads = new RetroactiveReads();

	/**
	 * @param broker the node's broker connections
	 * @param brokerChannel the node's broker channel
	 * @param name the topic's name, the input queue's name without its {@code .in}
	 * @param position where the node stands in the topic
	 * @param maxAge how long the history keeps a broadcast: an input not read back for
	 * that long is no longer appended again
	 * @param missed told when the node read on after a gap
	 */
	SequencedBroadcasts(BrokerConnections broker, SubscribableChannel brokerChannel, String name,
			BroadcastStreamPosition position, Duration maxAge, MissedBroadcasts missed) {
		super(brokerChannel, broker.nodeId());
		this.broker = broker;
		this.position = position;
		this.missed = missed;
		this.topic = "/topic/" + name;
		this.input = "/queue/" + name + ".in";
		this.sequencer = new BroadcastSequencer(this.topic);
		this.appends = new LogAppends(broker, this.input, maxAge);
		this.lost = new LostAppends(maxAge, Clock.systemUTC());
	}

	@Override
	boolean append(StompHeaders headers, byte[] payload) {
		return this.appends.append(headers, payload);
	}

	private void appendMarker() {
		StompHeaders headers = new StompHeaders();
		headers.set(MARKER, this.broker.nodeId());
		append(headers, new byte[0]);
	}

	/**
	 * Runs on the broker connection's I/O thread, in the topic's order, for each message
	 * on the topic.
	 */
	private void read(StompHeaders headers, byte[] payload) {
		LogBatch.read(headers, payload).forEach((entry) -> readBroadcast(entry.headers(), entry.payload()));
	}

	/** Reads one broadcast or marker of the topic, in the topic's order. */
	private void readBroadcast(StompHeaders headers, byte[] payload) {
		String marker = headers.getFirst(BroadcastSequencer.CATCH_UP);
		if (marker != null) {
			this.sequencer.readMarker(marker);
			// not a marker the address kept from before this node subscribed
			if (headers.containsKey(BroadcastSequencer.NEW_SEQUENCER) && this.reads.awaited() == null) {
				this.appends.appendAllAgain();
			}
			this.reads.readMarker(marker).forEach((read) -> readInOrder(read.headers(), read.payload()));
			return;
		}
		long number = number(headers);
		AppendNumbers.Appended appended = AppendNumbers.Appended.of(headers);
		if (logger.isTraceEnabled()) {
			logger.trace("Read number " + number + " of input " + appended + " after " + this.position.lastHeard());
		}
		this.appends.confirmed(appended);
		// the highest number read, in order or not, is where a new sequencer numbers on
		this.sequencer.read(appended, number);
		if (this.reads.waits(number, this.position.lastHeard(), headers, payload)) {
			return;
		}
		readInOrder(headers, payload);
		for (RetroactiveReads.Read next = this.reads.next(this.position.lastHeard()); next != null; next = this.reads
			.next(this.position.lastHeard())) {
			readInOrder(next.headers(), next.payload());
		}
	}

	/** Reads a broadcast in the order of the numbers. */
	private void readInOrder(StompHeaders headers, byte[] payload) {
		long number = number(headers);
		long last = this.position.lastHeard();
		if (number <= last) {
			if (logger.isTraceEnabled()) {
				logger.trace("Number " + number + " read already");
			}
			return;
		}
		Serial serial = new Serial(this.position.epoch(), number);
		// more was published while this node did not read than the topic keeps, or the
		// sequencer gave up on inputs the broker lost
		boolean lostAppends = this.lost.read(AppendNumbers.Appended.of(headers)) == LostAppends.Reading.AFTER_LOST;
		if ((last > 0 && number > last + 1) || lostAppends) {
			logger.debug("Read number " + number + " after " + last + ": broadcasts before it are missing");
			this.position.restartedAt(number);
			this.missed.missedBefore(serial);
		}
		deliver(headers, payload, serial);
		this.position.heard(number);
		if (this.broker.nodeId().equals(headers.getFirst(MARKER))) {
			this.position.caughtUp();
		}
	}

	private StompHeaders topicHeaders() {
		this.lost.readingAgain();
		this.reads.subscribing();
		return new StompHeaders();
	}

	/**
	 * Publishes on the topic the marker that ends the wait for what the address kept (see
	 * {@link RetroactiveReads}), then appends the node's marker.
	 */
	private void subscribed() {
		String marker = this.reads.awaited();
		if (marker != null) {
			this.broker.forDestination(this.topic)
				.send(BroadcastSequencer.markerHeaders(this.topic, marker), new byte[0]);
		}
		appendMarker();
	}

	private static long number(StompHeaders headers) {
		String text = headers.getFirst(NUMBER);
		try {
			return (text != null) ? Long.parseLong(text) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private StompHeaders inputHeaders() {
		StompHeaders headers = new StompHeaders();
		headers.setAck("client-individual");
		return headers;
	}

	@Override
	void subscribe() {
		this.appends.start();
		this.sequencer.start();
		this.broker.forDestination(this.topic).subscribe(this.topic, this::topicHeaders, this::read, this::subscribed);
		this.broker.forDestination(this.input)
			.subscribeDeliveries(this.input, this::inputHeaders, this.sequencer::take, () -> {
			});
	}

	@Override
	void unsubscribe() {
		// numbers and reads on while the appends taken are sent: the node confirms them
		// on the topic
		this.appends.stop();
		this.broker.forDestination(this.input).unsubscribe(this.input);
		this.sequencer.stop();
		this.broker.forDestination(this.topic).unsubscribe(this.topic);
	}

}
