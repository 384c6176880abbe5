package io.exp.server.bus;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How far this node has read the broadcast stream the nodes of a cluster share
 * ({@code exp.server.bus.history.stream}, see {@link BroadcastLog}): the numbers the
 * stream's offsets give (or the sequencer's numbers) are the broadcasts' serials, the
 * same on every node, so a subscriber that fails over to another node resumes there
 * exactly. A node reads the stream a little behind the others, and from a point in time
 * when it starts: it can say whether it holds everything after a serial, and wait briefly
 * for a serial another node already delivered.
 */
final class BroadcastStreamPosition {

	/**
	 * When the nodes share a broadcast stream: joined through a broker, with a history,
	 * and a stream named.
	 */
	static final String CONDITION = "${exp.server.bus.relay.enabled:false} and ${exp.server.bus.history.enabled:true}"
			+ " and '${exp.server.bus.history.stream:}' != ''";

	private final String epoch;

	private long first = -1;

	private long last = -1;

	private boolean caughtUp;

	/**
	 * @param numbering the first letter of the serials' epoch, which says how the log
	 * numbers them: serials numbered otherwise are not comparable
	 * @param stream the stream's name, which gives the serials their epoch: the numbers
	 * of another stream are not comparable
	 */
	BroadcastStreamPosition(String numbering, String stream) {
		this.epoch = numbering + Long.toString(Integer.toUnsignedLong(stream.hashCode()), 36);
	}

	/**
	 * Returns the epoch of the serials the stream numbers.
	 * @return letters and digits
	 */
	String epoch() {
		return this.epoch;
	}

	/**
	 * Returns the last offset the node has read.
	 * @return the offset, -1 before the first
	 */
	synchronized long lastHeard() {
		return this.last;
	}

	/**
	 * Records that the node has read the stream up to an offset.
	 * @param offset the offset just read
	 */
	synchronized void heard(long offset) {
		if (this.first < 0) {
			this.first = offset;
		}
		this.last = Math.max(this.last, offset);
		notifyAll();
	}

	/**
	 * Records that the node read on after a gap: it missed what came between its last
	 * offset and this one, so it holds everything only after this one.
	 * @param offset the offset read after the gap
	 */
	synchronized void restartedAt(long offset) {
		this.first = offset;
	}

	/**
	 * Records that the node read back the marker it appended to the stream when it
	 * subscribed: it has caught up with everything appended before.
	 */
	synchronized void caughtUp() {
		this.caughtUp = true;
		notifyAll();
	}

	/**
	 * Says whether the node holds every broadcast after an offset, as far as it has read:
	 * it began reading at a point in time, so what lies before its first offset is
	 * unknown to it.
	 * @param offset the last offset a subscriber saw
	 * @return whether nothing after it can be missing from what the node read
	 */
	synchronized boolean heardEverythingAfter(long offset) {
		return this.first >= 0 && offset >= this.first - 1 && offset <= this.last;
	}

	/**
	 * Waits until the node has caught up with the stream (see {@link #caughtUp()}) and
	 * read it up to an offset, or the timeout passes.
	 * @param offset the offset
	 * @param timeout the longest wait
	 */
	synchronized void awaitHeard(long offset, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			for (long left = timeout.toNanos(); (this.last < offset || !this.caughtUp)
					&& left > 0; left = deadline - System.nanoTime()) {
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
