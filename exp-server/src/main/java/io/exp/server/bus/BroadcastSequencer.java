package io.exp.server.bus;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The role one node of the cluster holds at a time on ActiveMQ Artemis (see
 * {@link SequencedBroadcasts}): it takes what the nodes append to the input queue, which
 * the broker gives one consumer at a time (an exclusive queue), numbers it, and publishes
 * it on the topic every node reads, then acknowledges it. A node becomes the sequencer
 * when the broker hands it its first input, after the previous sequencer left or died:
 * before it numbers anything, it publishes a marker of its own on the topic and waits
 * until it reads it back, so it has read everything the previous sequencer published; it
 * numbers on from there, and drops the inputs it has read published already (the broker
 * hands again those the previous sequencer had not acknowledged). It acknowledges an
 * input only once the broker confirmed the numbered broadcast with a receipt: ActiveMQ
 * Artemis 2.43 may still process the acknowledgement that follows a publication it
 * dropped with the failing connection of a sequencer killed mid-stream, and the input
 * would be lost.
 */
final class BroadcastSequencer {

	/**
	 * The header of a marker a node publishes on the topic, to know when it reads it back
	 * that it has read what the topic held before: a new sequencer's, or a new
	 * subscription's ({@link RetroactiveReads}).
	 */
	static final String CATCH_UP = "exp-sequencer-marker";

	/** How many published inputs are remembered, to drop them when handed again. */
	private static final int REMEMBERED = 65536;

	private static final long CATCH_UP_WAIT = TimeUnit.SECONDS.toNanos(5);

	private final String topic;

	private final Set<String> published = Collections
		.newSetFromMap(new LinkedHashMap<String, Boolean>(16, 0.75f, false) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
				return size() > REMEMBERED;
			}

		});

	private @Nullable ExecutorService thread;

	/** The highest number read on the topic; guarded by this. */
	private long lastRead;

	/** The marker this node waits to read back; guarded by this. */
	private @Nullable String awaited;

	/** The input that made this node the sequencer, on its session; sequencing thread. */
	private BrokerConnection.@Nullable Delivery active;

	/** The number the next input gets; sequencing thread. */
	private long next;

	/**
	 * @param topic the broker destination of the topic every node reads
	 */
	BroadcastSequencer(String topic) {
		this.topic = topic;
	}

	synchronized void start() {
		this.thread = Executors.newSingleThreadExecutor(new CustomizableThreadFactory("exp-broadcast-sequencer-"));
	}

	synchronized void stop() {
		if (this.thread != null) {
			this.thread.shutdownNow();
			this.thread = null;
		}
	}

	/**
	 * Takes an input, to number and publish it in the order inputs come.
	 * @param input what a node appended
	 */
	synchronized void take(BrokerConnection.Delivery input) {
		if (this.thread != null) {
			this.thread.execute(() -> sequence(input));
		}
	}

	/**
	 * Records what the node read on the topic, in the topic's order or not.
	 * @param origin the id the input was appended with
	 * @param number the number it was published with
	 */
	synchronized void read(@Nullable String origin, long number) {
		this.lastRead = Math.max(this.lastRead, number);
		if (origin != null) {
			this.published.add(origin);
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

	private void sequence(BrokerConnection.Delivery input) {
		if (this.active == null || !input.cameWith(this.active)) {
			if (!catchUp(input)) {
				// its session is gone: the broker hands it to the next sequencer
				return;
			}
			this.active = input;
		}
		StompHeaders in = input.headers();
		String origin = in.getFirst(SequencedBroadcasts.ORIGIN_ID);
		if (origin != null && alreadyPublished(origin)) {
			input.acknowledge();
			return;
		}
		StompHeaders out = new StompHeaders();
		for (String name : new String[] { BroadcastLog.CHANNEL_DESTINATION, BroadcastLog.MARKER,
				SequencedBroadcasts.ORIGIN_ID, StompHeaders.CONTENT_TYPE }) {
			copy(in, out, name);
		}
		for (String name : GatheringNodes.HEADERS) {
			copy(in, out, name);
		}
		out.setDestination(this.topic);
		out.set(SequencedBroadcasts.NUMBER, Long.toString(this.next));
		if (!input.sendThenAcknowledge(out, input.payload(), "sequenced-" + this.next)) {
			this.active = null;
			return;
		}
		if (origin != null) {
			synchronized (this) {
				this.published.add(origin);
			}
		}
		this.next++;
	}

	private static void copy(StompHeaders from, StompHeaders to, String name) {
		String value = from.getFirst(name);
		if (value != null) {
			to.set(name, value);
		}
	}

	private synchronized boolean alreadyPublished(String origin) {
		return this.published.contains(origin);
	}

	/**
	 * Publishes a marker on the input's session and waits until the node reads it back,
	 * again while the topic is not read; numbers on after the last number read.
	 * @return whether it caught up; not when the input's session is gone or the node
	 * stops
	 */
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

	private boolean catchUp(BrokerConnection.Delivery input) {
		while (true) {
			String marker = UUID.randomUUID().toString();
			synchronized (this) {
				this.awaited = marker;
			}
			if (!input.send(markerHeaders(this.topic, marker), new byte[0])) {
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
					return true;
				}
			}
		}
	}

}
