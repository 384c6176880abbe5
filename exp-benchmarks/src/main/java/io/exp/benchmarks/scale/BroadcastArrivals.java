package io.exp.benchmarks.scale;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * For each broadcast of a series, how many of its expected receivers (devices, or
 * processes of devices) got it, and when the last of them did
 * ({@link System#nanoTime()}).
 */
final class BroadcastArrivals {

	private final AtomicInteger[] counts;

	private final AtomicLong[] last;

	private final int expected;

	/**
	 * @param broadcasts how many broadcasts the series has
	 * @param expected how many receivers each broadcast should reach
	 */
	BroadcastArrivals(int broadcasts, int expected) {
		this.counts = new AtomicInteger[broadcasts];
		this.last = new AtomicLong[broadcasts];
		for (int b = 0; b < broadcasts; b++) {
			this.counts[b] = new AtomicInteger();
			this.last[b] = new AtomicLong();
		}
		this.expected = expected;
	}

	/**
	 * Records that one more receiver got a broadcast.
	 * @param index the broadcast's index in the series
	 * @param nanoTime when the receiver got it
	 * @return whether it was the last expected receiver
	 */
	boolean arrived(int index, long nanoTime) {
		this.last[index].accumulateAndGet(nanoTime, Math::max);
		return this.counts[index].incrementAndGet() == this.expected;
	}

	/**
	 * Returns how many receivers got a broadcast so far.
	 * @param index the broadcast's index in the series
	 * @return the count
	 */
	int count(int index) {
		return this.counts[index].get();
	}

	/**
	 * Returns when the last receiver so far got a broadcast.
	 * @param index the broadcast's index in the series
	 * @return its {@link System#nanoTime()}, 0 when none did
	 */
	long last(int index) {
		return this.last[index].get();
	}

	/**
	 * Returns how many receivers each broadcast should reach.
	 * @return the number
	 */
	int expected() {
		return this.expected;
	}

}
