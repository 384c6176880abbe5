package io.exp.server.bus;

import java.time.Clock;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The broadcasts the nodes of a cluster share on ActiveMQ Artemis
 * ({@code exp.server.bus.history.stream} with {@code exp.server.bus.history.sequencer},
 * see {@link BroadcastLog}), which has no stream a STOMP client can read from an offset:
 * one node at a time numbers them.
 * <ul>
 * <li>A broadcast published on this node is sent to the anycast queue {@code {name}.in},
 * numbered by its appender: the node and its broker session ({@link AppendNumbers}),
 * together with those published while the previous ones were sent
 * ({@link SequencedBatch}). The node keeps what it appended until it reads it back
 * numbered, and appends it again when it reads a new sequencer's marker on the topic,
 * before its first append on a new broker session, or after a while
 * ({@link UnconfirmedAppends}): the broker may lose an input when its sequencer's
 * connection fails.</li>
 * <li>The node consuming that queue, one at a time ({@link BroadcastSequencer}), numbers
 * each input once, each appender's in their order, and publishes it on the multicast
 * topic {@code {name}}, together with those that came while it numbered
 * ({@link SequencedBatch}); the serial of a broadcast is {@code {epoch}.{number}}, the
 * epoch named after the topic.</li>
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

	/** The header of a published broadcast that carries its number. */
	static final String NUMBER = "exp-number";

	/** How long an input not read back waits before it is appended again, at first. */
	private static final long RESEND_AFTER_MILLIS = 2000;

	/** How often the inputs not read back are looked at. */
	private static final long RESEND_CHECK_MILLIS = 250;

	/** The most inputs not read back that are kept. */
	private static final int UNCONFIRMED = 10000;

	private static final Log logger = LogFactory.getLog(SequencedBroadcasts.class);

	private final BrokerConnections broker;

	private final BroadcastStreamPosition position;

	private final BroadcastSequencer sequencer;

	private final MissedBroadcasts missed;

	private final String topic;

	private final String input;

	private final AppendNumbers appends = new AppendNumbers();

	private final UnconfirmedAppends unconfirmed;

	private final LostAppends lost;

	private final RetroactiveReads reads = new RetroactiveReads();

	/** Appends, appended but not yet sent, in the order of their numbers. */
	private final Queue<SequencedBatch.Entry> unsent = new ConcurrentLinkedQueue<>();

	/** Appends being sent together; appends thread. */
	private final SequencedBatch batch = new SequencedBatch();

	/** Sends the appends, and appends again those not read back. */
	private volatile @Nullable ScheduledExecutorService appendsThread;

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
		this.unconfirmed = new UnconfirmedAppends(RESEND_AFTER_MILLIS, maxAge.toMillis(), UNCONFIRMED);
		this.lost = new LostAppends(maxAge, Clock.systemUTC());
	}

	@Override
	boolean append(StompHeaders headers, byte[] payload) {
		ScheduledExecutorService appendsThread = this.appendsThread;
		BrokerConnection connection = this.broker.forDestination(this.input);
		if (appendsThread == null) {
			return false;
		}
		headers.setDestination(this.input);
		boolean appended = this.appends.append(() -> this.broker.nodeId() + "." + connection.generation(), headers,
				(numbered) -> {
					if (!connection.isConnected()) {
						return false;
					}
					queue(numbered, payload);
					return true;
				});
		if (appended) {
			appendsThread.execute(this::sendAppended);
		}
		return appended;
	}

	/**
	 * Queues a numbered append to be sent, in the order of the numbers, and keeps it
	 * until it is read back. Runs within the numbering of appends.
	 */
	private void queue(StompHeaders numbered, byte[] payload) {
		long now = System.currentTimeMillis();
		if ("1".equals(numbered.getFirst(AppendNumbers.NUMBER))) {
			// the first append of a new broker session: what the broker may have lost
			// with the last one goes first, or the sequencer could number this node's
			// broadcasts out of order
			this.unsent.addAll(this.unconfirmed.due(now, true));
		}
		this.unconfirmed.add(numbered, payload, now);
		this.unsent.add(new SequencedBatch.Entry(numbered, payload));
	}

	/**
	 * Sends what was appended, in the order of the numbers: what came while the previous
	 * appends were sent goes in one message. Runs on the appends thread.
	 */
	private void sendAppended() {
		BrokerConnection connection = this.broker.forDestination(this.input);
		for (SequencedBatch.Entry next = this.unsent.poll(); next != null; next = this.unsent.poll()) {
			this.batch.add(next.headers(), next.payload());
			if (this.batch.isFull()) {
				sendBatch(connection);
			}
		}
		sendBatch(connection);
	}

	/**
	 * Sends the appends batched; those the broker did not take are appended again with
	 * the rest of those not read back.
	 */
	private void sendBatch(BrokerConnection connection) {
		if (!this.batch.isEmpty()) {
			SequencedBatch.Entry message = this.batch.take(this.input);
			connection.send(message.headers(), message.payload());
		}
	}

	/**
	 * Appends again, unchanged, the inputs not read back numbered that are due.
	 * @param all whether all are due: a new sequencer showed on the topic
	 */
	private void appendAgain(boolean all) {
		this.unsent.addAll(this.unconfirmed.due(System.currentTimeMillis(), all));
		sendAppended();
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
		SequencedBatch.read(headers, payload).forEach((entry) -> readBroadcast(entry.headers(), entry.payload()));
	}

	/** Reads one broadcast or marker of the topic, in the topic's order. */
	private void readBroadcast(StompHeaders headers, byte[] payload) {
		String marker = headers.getFirst(BroadcastSequencer.CATCH_UP);
		if (marker != null) {
			this.sequencer.readMarker(marker);
			ScheduledExecutorService appendsThread = this.appendsThread;
			// not a marker the address kept from before this node subscribed
			if (headers.containsKey(BroadcastSequencer.NEW_SEQUENCER) && this.reads.awaited() == null
					&& appendsThread != null) {
				appendsThread.execute(() -> appendAgain(true));
			}
			this.reads.readMarker(marker).forEach((read) -> readInOrder(read.headers(), read.payload()));
			return;
		}
		long number = number(headers);
		AppendNumbers.Appended appended = AppendNumbers.Appended.of(headers);
		if (logger.isTraceEnabled()) {
			logger.trace("Read number " + number + " of input " + appended + " after " + this.position.lastHeard());
		}
		this.unconfirmed.confirmed(appended);
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
		boolean lostAppends = this.lost.lostBefore(headers);
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
		ScheduledExecutorService appendsThread = Executors
			.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("exp-broadcast-appends-"));
		appendsThread.scheduleWithFixedDelay(() -> appendAgain(false), RESEND_CHECK_MILLIS, RESEND_CHECK_MILLIS,
				TimeUnit.MILLISECONDS);
		this.appendsThread = appendsThread;
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
		ScheduledExecutorService appendsThread = this.appendsThread;
		if (appendsThread != null) {
			appendsThread.shutdownNow();
			this.appendsThread = null;
		}
	}

}
