package io.exp.server.bus;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.simp.stomp.StompHeaders;

/**
 * What this node appended to the broadcast log the nodes share ({@link LogAppends}) and
 * has not read back in it yet, to append again: the broker may lose what was in flight
 * when the node's connection failed, and an input whose sequencer dies (ActiveMQ Artemis
 * 2.43, cleaning up after a failed STOMP connection, may acknowledge the first message it
 * had handed that consumer instead of handing it to the next). An entry is appended
 * again, with its appender and number unchanged, before the node's first append on a new
 * broker session, when a new sequencer shows on the topic (not one of before that the
 * topic kept) and, failing that, after {@code resendAfter}, then after twice as long each
 * time; the sequencer, or the stream's readers, drop an entry they read already. An entry
 * is given up after {@code giveUpAfter}, and the oldest when more than {@code capacity}
 * wait.
 */
final class UnconfirmedAppends {

	private final Map<AppendNumbers.@Nullable Appended, Unconfirmed> entries = new LinkedHashMap<>();

	private final long resendAfter;

	private final long giveUpAfter;

	private final int capacity;

	/**
	 * @param resendAfter how long, in milliseconds, an entry waits before it is appended
	 * again the first time
	 * @param giveUpAfter how long, in milliseconds, an entry is kept
	 * @param capacity the most entries kept
	 */
	UnconfirmedAppends(long resendAfter, long giveUpAfter, int capacity) {
		this.resendAfter = resendAfter;
		this.giveUpAfter = giveUpAfter;
		this.capacity = capacity;
	}

	/**
	 * Records an entry about to be handed to the broker.
	 * @param headers its headers, with its appender and number, kept as they are: not to
	 * be changed after
	 * @param payload its body
	 * @param now the time, in milliseconds
	 */
	synchronized void add(StompHeaders headers, byte[] payload, long now) {
		this.entries.put(AppendNumbers.Appended.of(headers),
				new Unconfirmed(new LogBatch.Entry(headers, payload), now, now + this.resendAfter, this.resendAfter));
		if (this.entries.size() > this.capacity) {
			Iterator<Unconfirmed> eldest = this.entries.values().iterator();
			eldest.next();
			eldest.remove();
		}
	}

	/**
	 * Records an entry read back numbered.
	 * @param appended its appender and number on the topic, if any
	 */
	synchronized void confirmed(AppendNumbers.@Nullable Appended appended) {
		if (appended != null && this.entries.remove(appended) != null && this.entries.isEmpty()) {
			notifyAll();
		}
	}

	/**
	 * Waits until no entry waits, or a while at most.
	 * @param timeoutMillis how long to wait at most, in milliseconds
	 * @return whether no entry waits
	 * @throws InterruptedException when interrupted while it waits
	 */
	synchronized boolean awaitNone(long timeoutMillis) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		long left = timeoutMillis;
		while (!this.entries.isEmpty() && left > 0) {
			wait(left);
			left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
		}
		return this.entries.isEmpty();
	}

	/**
	 * Takes the entries to append again now, in the order they were first appended.
	 * @param now the time, in milliseconds
	 * @param all whether every entry is due (a new sequencer showed), not only those that
	 * waited their time
	 * @return the entries
	 */
	synchronized List<LogBatch.Entry> due(long now, boolean all) {
		List<LogBatch.Entry> due = new ArrayList<>();
		for (Iterator<Unconfirmed> iterator = this.entries.values().iterator(); iterator.hasNext();) {
			Unconfirmed entry = iterator.next();
			if (now - entry.firstSent >= this.giveUpAfter) {
				iterator.remove();
			}
			else if (all || now >= entry.nextSend) {
				entry.wait = Math.min(entry.wait * 2, this.giveUpAfter);
				entry.nextSend = now + entry.wait;
				due.add(entry.entry);
			}
		}
		return due;
	}

	/**
	 * Returns how many entries wait.
	 * @return the count
	 */
	synchronized int size() {
		return this.entries.size();
	}

	/** An entry not read back yet. */
	private static final class Unconfirmed {

		private final LogBatch.Entry entry;

		private final long firstSent;

		private long nextSend;

		private long wait;

		Unconfirmed(LogBatch.Entry entry, long firstSent, long nextSend, long wait) {
			this.entry = entry;
			this.firstSent = firstSent;
			this.nextSend = nextSend;
			this.wait = wait;
		}

	}

}
