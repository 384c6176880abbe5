package io.exp.server.bus;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The role one node of the cluster holds at a time on ActiveMQ Artemis (see
 * {@link SequencedBroadcasts}): it takes what the nodes append to the input queue, which
 * the broker gives one consumer at a time (an exclusive queue), numbers it, and publishes
 * it on the topic every node reads, then acknowledges it; the inputs that came while it
 * numbered go together in one message on the topic ({@link LogBatch}). A node becomes the
 * sequencer when the broker hands it its first input, after the previous sequencer left
 * or died: before it numbers anything, it publishes a marker of its own on the topic and
 * waits until it reads it back, so it has read everything the previous sequencer
 * published; it numbers on from there.
 * <p>
 * Every input carries its appender and its number from that appender
 * ({@link AppendNumbers}), and the sequencer numbers the inputs of each appender in the
 * order of those numbers, once each: it drops an input whose number it has read, or
 * published on the session it numbers on, already (the broker hands again those the
 * previous sequencer had not acknowledged, and appenders append again what they did not
 * read back, see {@link UnconfirmedAppends}), and holds back the inputs that come after
 * one missing until the missing one comes, or for {@value #GAP_WAIT_MILLIS} ms at most:
 * then it numbers them, and the readers tell the loss ({@link LostAppends}). It
 * acknowledges an input only once the broker confirmed the numbered broadcast with a
 * receipt: ActiveMQ Artemis 2.43 may still process the acknowledgement that follows a
 * publication it dropped with the failing connection of a sequencer killed mid-stream,
 * and the input would be lost.
 */
final class BroadcastSequencer {

	/**
	 * The header of a marker a node publishes on the topic, to know when it reads it back
	 * that it has read what the topic held before: a new sequencer's, or a new
	 * subscription's ({@link RetroactiveReads}).
	 */
	static final String CATCH_UP = "exp-sequencer-marker";

	/**
	 * The header of a marker a new sequencer publishes on the topic: the nodes append
	 * again what they did not read back (see {@link UnconfirmedAppends}).
	 */
	static final String NEW_SEQUENCER = "exp-new-sequencer";

	/** How long inputs after a missing one are held back at most. */
	static final long GAP_WAIT_MILLIS = 5000;

	private static final Log logger = LogFactory.getLog(BroadcastSequencer.class);

	private static final long CATCH_UP_WAIT = TimeUnit.SECONDS.toNanos(5);

	private static final long GAP_CHECK_MILLIS = 250;

	private final String topic;

	/** The highest number of each appender read on the topic. */
	private final RecentEntries<String, Long> read = appenders();

	/**
	 * The highest number of each appender this node published on the session it numbers
	 * on; sequencing thread. Forgotten with the session: the broker may not have taken
	 * what it was handed last, and hands those inputs again.
	 */
	private RecentEntries<String, Long> published = appenders();

	private @Nullable ScheduledExecutorService thread;

	/** The highest number read on the topic; guarded by this. */
	private long lastRead;

	/** The marker this node waits to read back; guarded by this. */
	private @Nullable String awaited;

	/** The input that made this node the sequencer, on its session; sequencing thread. */
	private BrokerConnection.@Nullable Delivery active;

	/** The number the next input gets; sequencing thread. */
	private long next;

	/** Inputs held back, by appender, by number; sequencing thread. */
	private final Map<String, HeldBack> held = new HashMap<>();

	/** Inputs taken, not yet numbered. */
	private final Queue<BrokerConnection.Delivery> taken = new ConcurrentLinkedQueue<>();

	/** Broadcasts numbered, not yet published; sequencing thread. */
	private final LogBatch batch = new LogBatch();

	/** The inputs of the broadcasts in {@link #batch}; sequencing thread. */
	private List<BrokerConnection.Delivery> batched = new ArrayList<>();

	/**
	 * @param topic the broker destination of the topic every node reads
	 */
	BroadcastSequencer(String topic) {
		this.topic = topic;
	}

	synchronized void start() {
		ScheduledExecutorService thread = Executors
			.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("exp-broadcast-sequencer-"));
		thread.scheduleWithFixedDelay(this::numberHeldBackTooLong, GAP_CHECK_MILLIS, GAP_CHECK_MILLIS,
				TimeUnit.MILLISECONDS);
		this.thread = thread;
	}

	synchronized void stop() {
		if (this.thread != null) {
			this.thread.shutdownNow();
			this.thread = null;
		}
	}

	/**
	 * Takes an input, to number and publish it in the order inputs come: each broadcast
	 * of an input that holds several ({@link LogBatch}).
	 * @param input what a node appended
	 */
	void take(BrokerConnection.Delivery input) {
		List<LogBatch.Entry> broadcasts = LogBatch.read(input.headers(), input.payload());
		synchronized (this) {
			if (this.thread != null) {
				if (broadcasts.size() == 1) {
					this.taken.add(input);
				}
				else {
					this.taken.addAll(input.parts(broadcasts));
				}
				this.thread.execute(this::sequenceTaken);
			}
		}
	}

	/**
	 * Records what the node read on the topic, in the topic's order or not.
	 * @param appended its appender and the appender's number, if any
	 * @param number the number it was published with
	 */
	void read(AppendNumbers.@Nullable Appended appended, long number) {
		synchronized (this) {
			this.lastRead = Math.max(this.lastRead, number);
		}
		if (appended != null) {
			highest(this.read, appended);
		}
	}

	/**
	 * Records that the node read a sequencer's marker on the topic.
	 * @param marker the marker
	 */
	synchronized void readMarker(String marker) {
		if (marker.equals(this.awaited)) {
			this.awaited = null;
			notifyAll();
		}
	}

	/**
	 * Numbers the inputs taken so far, then publishes them: one message on the topic for
	 * those that came while the previous ones were numbered.
	 */
	private void sequenceTaken() {
		for (BrokerConnection.Delivery input = this.taken.poll(); input != null; input = this.taken.poll()) {
			sequence(input);
		}
		publishBatch();
	}

	private void sequence(BrokerConnection.Delivery input) {
		if (this.active == null || !input.cameWith(this.active)) {
			publishBatch();
			if (!catchUp(input)) {
				// its session is gone: the broker hands it to the next sequencer
				return;
			}
			this.active = input;
			// held on a session of before: the broker hands them again
			this.held.clear();
			// what the broker took of those is read now
			this.published = appenders();
		}
		AppendNumbers.Appended appended = AppendNumbers.Appended.of(input.headers());
		if (appended == null) {
			number(input);
			return;
		}
		Long last = numbered(appended.appender());
		if (last != null && appended.number() <= last) {
			if (logger.isTraceEnabled()) {
				logger.trace("Input " + appended + " was numbered already: acknowledged, dropped");
			}
			input.acknowledge();
			return;
		}
		if (last != null && appended.number() > last + 1) {
			if (logger.isTraceEnabled()) {
				logger.trace("Input " + appended + " held back until number " + (last + 1));
			}
			HeldBack waiting = this.held.computeIfAbsent(appended.appender(), (key) -> new HeldBack(System.nanoTime()));
			if (waiting.inputs.putIfAbsent(appended.number(), input) != null) {
				// appended again while held back
				input.acknowledge();
			}
			return;
		}
		number(input);
		numberHeldBack(appended.appender(), appended.number());
	}

	/** Numbers the inputs of an appender held back that now follow on. */
	private void numberHeldBack(String appender, long last) {
		HeldBack waiting = this.held.get(appender);
		if (waiting == null) {
			return;
		}
		for (long number = last + 1; waiting.inputs.firstKey() == number; number++) {
			number(waiting.inputs.remove(number));
			if (waiting.inputs.isEmpty()) {
				this.held.remove(appender);
				return;
			}
		}
	}

	/** Numbers the inputs held back for too long, giving up on those missing. */
	private void numberHeldBackTooLong() {
		long now = System.nanoTime();
		for (String appender : new ArrayList<>(this.held.keySet())) {
			HeldBack waiting = this.held.get(appender);
			if (waiting == null || now - waiting.since < TimeUnit.MILLISECONDS.toNanos(GAP_WAIT_MILLIS)) {
				continue;
			}
			this.held.remove(appender);
			List<BrokerConnection.Delivery> inputs = new ArrayList<>(waiting.inputs.values());
			logger.warn("Numbering the broadcasts of " + appender + " from number " + waiting.inputs.firstKey()
					+ " on: those before, since " + numbered(appender) + ", did not come within " + GAP_WAIT_MILLIS
					+ " ms");
			inputs.forEach(this::number);
		}
		publishBatch();
	}

	/**
	 * Numbers an input, to publish it with the batch, and publishes the batch when it is
	 * full.
	 */
	private void number(BrokerConnection.Delivery input) {
		StompHeaders in = input.headers();
		StompHeaders out = new StompHeaders();
		for (String name : new String[] { BroadcastLog.CHANNEL_DESTINATION, BroadcastLog.MARKER, AppendNumbers.APPENDER,
				AppendNumbers.NUMBER, StompHeaders.CONTENT_TYPE }) {
			copy(in, out, name);
		}
		for (String name : GatheringNodes.HEADERS) {
			copy(in, out, name);
		}
		out.setDestination(this.topic);
		out.set(SequencedBroadcasts.NUMBER, Long.toString(this.next));
		this.batch.add(out, input.payload());
		this.batched.add(input);
		AppendNumbers.Appended appended = AppendNumbers.Appended.of(in);
		if (logger.isTraceEnabled()) {
			logger.trace("Input " + appended + " numbered " + this.next);
		}
		if (appended != null) {
			highest(this.published, appended);
		}
		this.next++;
		if (this.batch.isFull()) {
			publishBatch();
		}
	}

	/**
	 * Publishes the inputs numbered on their session, to acknowledge them once the broker
	 * took the publication.
	 */
	private void publishBatch() {
		if (this.batch.isEmpty()) {
			return;
		}
		List<BrokerConnection.Delivery> inputs = this.batched;
		this.batched = new ArrayList<>();
		LogBatch.Entry message = this.batch.take(this.topic);
		if (!inputs.get(0)
			.sendWithReceipt(message.headers(), message.payload(), "sequenced-" + (this.next - 1),
					() -> inputs.forEach(BrokerConnection.Delivery::acknowledge))) {
			this.active = null;
			this.held.clear();
		}
	}

	/** The highest number of an appender read, or published on the current session. */
	private @Nullable Long numbered(String appender) {
		Long read = this.read.get(appender);
		Long published = this.published.get(appender);
		return (read == null || (published != null && published > read)) ? published : read;
	}

	/** Records the number of an appender's input if it is the highest. */
	private static void highest(RecentEntries<String, Long> numbers, AppendNumbers.Appended appended) {
		synchronized (numbers) {
			Long last = numbers.get(appended.appender());
			if (last == null || appended.number() > last) {
				numbers.put(appended.appender(), appended.number());
			}
		}
	}

	private static RecentEntries<String, Long> appenders() {
		return new RecentEntries<>(LostAppends.APPENDERS, Duration.ofHours(1), Clock.systemUTC());
	}

	private static void copy(StompHeaders from, StompHeaders to, String name) {
		String value = from.getFirst(name);
		if (value != null) {
			to.set(name, value);
		}
	}

	/**
	 * The headers of a marker a node publishes on the topic and waits to read back: what
	 * it reads before the marker was routed before it.
	 * @param topic the topic's broker destination
	 * @param marker the marker, unique
	 * @return the headers of the marker's (empty) frame
	 */
	static StompHeaders markerHeaders(String topic, String marker) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination(topic);
		headers.set(CATCH_UP, marker);
		return headers;
	}

	/**
	 * Publishes a marker on the input's session and waits until the node reads it back,
	 * again while the topic is not read; numbers on after the last number read.
	 * @return whether it caught up; not when the input's session is gone or the node
	 * stops
	 */
	private boolean catchUp(BrokerConnection.Delivery input) {
		while (true) {
			String marker = UUID.randomUUID().toString();
			synchronized (this) {
				this.awaited = marker;
			}
			StompHeaders headers = markerHeaders(this.topic, marker);
			headers.set(NEW_SEQUENCER, "true");
			if (!input.send(headers, new byte[0])) {
				return false;
			}
			synchronized (this) {
				long deadline = System.nanoTime() + CATCH_UP_WAIT;
				try {
					for (long left = CATCH_UP_WAIT; this.awaited != null
							&& left > 0; left = deadline - System.nanoTime()) {
						TimeUnit.NANOSECONDS.timedWait(this, left);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
				if (this.awaited == null) {
					this.next = this.lastRead + 1;
					logger.debug("This node numbers the shared broadcasts now, from " + this.next);
					return true;
				}
			}
		}
	}

	/** Inputs of one appender held back, since a time. */
	private static final class HeldBack {

		final long since;

		final TreeMap<Long, BrokerConnection.Delivery> inputs = new TreeMap<>();

		HeldBack(long since) {
			this.since = since;
		}

	}

}
