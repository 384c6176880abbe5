package io.exp.server.bus;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.simp.stomp.StompHeaders;

/**
 * The broadcasts the nodes of a cluster share on ActiveMQ Artemis
 * ({@code exp.server.bus.history.stream} with {@code exp.server.bus.history.sequencer},
 * see {@link BroadcastLog}), which has no stream a STOMP client can read from an offset:
 * one node at a time numbers them.
 * <ul>
 * <li>A broadcast published on this node is sent to the anycast queue {@code {name}.in},
 * with an id of its own (the node's id and a count).</li>
 * <li>The node consuming that queue, one at a time ({@link BroadcastSequencer}), numbers
 * each input and publishes it on the multicast topic {@code {name}}; the serial of a
 * broadcast is {@code {epoch}.{number}}, the epoch named after the topic.</li>
 * <li>Every node reads the whole topic and delivers each broadcast with its serial, in
 * the topic's order, the one the sequencer published in. A node that starts, or comes
 * back after its broker connection was lost, gets the topic's last messages first (a
 * retroactive address, see the operations guide), and drops those it read already; a
 * broadcast published as it subscribes may come before them, and waits until they came
 * ({@link RetroactiveReads}).</li>
 * <li>When the first number it reads after the topic's last messages is not the next one,
 * more were published while it did not read than the topic keeps: every channel
 * subscription of its sessions gets the discontinuity frame ({@link MissedBroadcasts}),
 * before the broadcasts after the gap.</li>
 * <li>After each subscription the node appends a marker, and knows it has caught up when
 * it reads it back numbered ({@link BroadcastStreamPosition}).</li>
 * </ul>
 */
final class SequencedBroadcasts extends BroadcastLog {

	/** The header of a published broadcast that carries its number. */
	static final String NUMBER = "exp-number";

	/** The header of an input that carries its id: the node's id and a count. */
	static final String ORIGIN_ID = "exp-origin-id";

	private final BrokerConnections broker;

	private final BroadcastStreamPosition position;

	private final BroadcastSequencer sequencer;

	private final MissedBroadcasts missed;

	private final String topic;

	private final String input;

	private final AtomicLong appended = new AtomicLong();

	private final RetroactiveReads reads = new RetroactiveReads();

	/**
	 * @param broker the node's broker connections
	 * @param brokerChannel the node's broker channel
	 * @param name the topic's name, the input queue's name without its {@code .in}
	 * @param position where the node stands in the topic
	 * @param missed told when the node read on after a gap
	 */
	SequencedBroadcasts(BrokerConnections broker, SubscribableChannel brokerChannel, String name,
			BroadcastStreamPosition position, MissedBroadcasts missed) {
		super(brokerChannel, broker.nodeId());
		this.broker = broker;
		this.position = position;
		this.missed = missed;
		this.topic = "/topic/" + name;
		this.input = "/queue/" + name + ".in";
		this.sequencer = new BroadcastSequencer(this.topic);
	}

	@Override
	boolean append(StompHeaders headers, byte[] payload) {
		headers.setDestination(this.input);
		headers.set(ORIGIN_ID, this.broker.nodeId() + "." + this.appended.incrementAndGet());
		return this.broker.forDestination(this.input).send(headers, payload);
	}

	private void appendMarker() {
		StompHeaders headers = new StompHeaders();
		headers.set(MARKER, this.broker.nodeId());
		append(headers, new byte[0]);
	}

	/** Runs on the broker connection's I/O thread, in the topic's order. */
	private void read(StompHeaders headers, byte[] payload) {
		String marker = headers.getFirst(BroadcastSequencer.CATCH_UP);
		if (marker != null) {
			this.sequencer.readMarker(marker);
			this.reads.readMarker(marker).forEach((read) -> readInOrder(read.headers(), read.payload()));
			return;
		}
		long number = number(headers);
		// the highest number read, in order or not, is where a new sequencer numbers on
		this.sequencer.read(headers.getFirst(ORIGIN_ID), number);
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
			return;
		}
		Serial serial = new Serial(this.position.epoch(), number);
		if (last > 0 && number > last + 1) {
			// more was published while this node did not read than the topic keeps
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
		this.sequencer.start();
		this.broker.forDestination(this.topic).subscribe(this.topic, this::topicHeaders, this::read, this::subscribed);
		this.broker.forDestination(this.input)
			.subscribeDeliveries(this.input, this::inputHeaders, this.sequencer::take, () -> {
			});
	}

	@Override
	void unsubscribe() {
		this.broker.forDestination(this.input).unsubscribe(this.input);
		this.sequencer.stop();
		this.broker.forDestination(this.topic).unsubscribe(this.topic);
	}

}
