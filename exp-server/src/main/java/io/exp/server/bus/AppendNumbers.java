package io.exp.server.bus;

import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.simp.stomp.StompHeaders;

/**
 * Numbers what this node appends to the broadcast log the nodes share (the RabbitMQ
 * stream, {@link BroadcastStream}, or the sequencer's input,
 * {@link SequencedBroadcasts}), so that every reader can tell entries the stream lost
 * ({@link LostAppends}): the stream's offsets cannot, since the broker gives offsets to
 * entries of its own too. Each entry carries its appender ({@value #APPENDER}: the node's
 * id and its broker session, so that a node that restarts or reconnects starts a
 * numbering of its own) and its number ({@value #NUMBER}), 1, 2, 3... per appender. A
 * number is taken only by an entry handed to the broker: one refused leaves no hole.
 */
final class AppendNumbers {

	/** The header of a stream entry that names its appender. */
	static final String APPENDER = "exp-appender";

	/** The header of a stream entry that carries its number from its appender. */
	static final String NUMBER = "exp-append-number";

	private String appender = "";

	private long last;

	/**
	 * Numbers an entry and hands it to the broker, in one step, so that the entries of
	 * one appender reach the broker in the order of their numbers.
	 * @param appender names the appender now: the node and its current broker session
	 * @param headers the entry's headers, numbered here
	 * @param send hands the entry to the broker, and says whether it could
	 * @return whether the entry was handed to the broker
	 */
	synchronized boolean append(Supplier<String> appender, StompHeaders headers, Predicate<StompHeaders> send) {
		String current = appender.get();
		if (!current.equals(this.appender)) {
			this.appender = current;
			this.last = 0;
		}
		headers.set(APPENDER, current);
		headers.set(NUMBER, Long.toString(this.last + 1));
		if (!send.test(headers)) {
			return false;
		}
		this.last++;
		return true;
	}

	/**
	 * The appender and number an entry carries.
	 *
	 * @param appender the appender
	 * @param number its number, 1 or more
	 */
	record Appended(String appender, long number) {

		/**
		 * Reads the appender and number of an entry.
		 * @param headers the entry's headers
		 * @return them, or {@code null} when the entry carries none (or a bad number)
		 */
		static @Nullable Appended of(StompHeaders headers) {
			String appender = headers.getFirst(APPENDER);
			String number = headers.getFirst(NUMBER);
			if (appender == null || number == null) {
				return null;
			}
			try {
				long parsed = Long.parseLong(number);
				return (parsed > 0) ? new Appended(appender, parsed) : null;
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}

		@Override
		public String toString() {
			return this.appender + "." + this.number;
		}

	}

}
