package io.exp.server.bus;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Sends what this node appends to the broadcast log the nodes share (the RabbitMQ stream,
 * {@link BroadcastStream}, or the sequencer's input, {@link SequencedBroadcasts}), from a
 * thread of its own:
 * <ul>
 * <li>each append numbered by its appender, the node and its broker session
 * ({@link AppendNumbers});</li>
 * <li>those that came while the previous ones were sent together in one message
 * ({@link LogBatch});</li>
 * <li>each kept until the node reads it back in the log, and sent again, unchanged,
 * before the first append of a new broker session (the broker may lose what was in flight
 * when the node's connection failed, and the node's appends must reach the log in the
 * order they were published), after a while, or when the log asks
 * ({@link UnconfirmedAppends}). The log's readers drop what they read already, by
 * appender and number.</li>
 * </ul>
 */
final class LogAppends {

	/** How long an append not read back waits before it is sent again, at first. */
	private static final long RESEND_AFTER_MILLIS = 2000;

	/** How often the appends not read back are looked at. */
	private static final long RESEND_CHECK_MILLIS = 250;

	/** The most appends not read back that are kept. */
	private static final int UNCONFIRMED = 10000;

	/** How long a stop waits for the log to hold the appends taken. */
	private static final long STOP_WAIT_SECONDS = 10;

	private static final Log logger = LogFactory.getLog(LogAppends.class);

	private final BrokerConnections broker;

	private final String destination;

	private final AppendNumbers numbers = new AppendNumbers();

	private final UnconfirmedAppends unconfirmed;

	/** Appends numbered but not yet sent, in the order of their numbers. */
	private final Queue<LogBatch.Entry> unsent = new ConcurrentLinkedQueue<>();

	/** Appends being sent together; appends thread. */
	private final LogBatch batch = new LogBatch();

	/** Sends the appends, and sends again those not read back. */
	private volatile @Nullable ScheduledExecutorService appendsThread;

	/**
	 * @param broker the node's broker connections
	 * @param destination where the appends go
	 * @param maxAge how long the history keeps a broadcast: an append not read back for
	 * that long is no longer sent again
	 */
	LogAppends(BrokerConnections broker, String destination, Duration maxAge) {
		this.broker = broker;
		this.destination = destination;
		this.unconfirmed = new UnconfirmedAppends(RESEND_AFTER_MILLIS, maxAge.toMillis(), UNCONFIRMED);
	}

	/**
	 * Numbers an append and queues it to be sent.
	 * @param headers its headers, without a destination
	 * @param payload its body
	 * @return whether it will be sent: not when the node's broker connection is down
	 */
	boolean append(StompHeaders headers, byte[] payload) {
		ScheduledExecutorService appendsThread = this.appendsThread;
		BrokerConnection connection = this.broker.forDestination(this.destination);
		if (appendsThread == null) {
			return false;
		}
		headers.setDestination(this.destination);
		boolean appended = this.numbers.append(() -> this.broker.nodeId() + "." + connection.generation(), headers,
				(numbered) -> {
					if (!connection.isConnected()) {
						return false;
					}
					queue(numbered, payload);
					return true;
				});
		return appended && runOn(appendsThread, this::sendQueued);
	}

	/**
	 * Hands a task to the appends thread, unless the node stops.
	 * @return whether the task will run
	 */
	private static boolean runOn(@Nullable ScheduledExecutorService appendsThread, Runnable task) {
		if (appendsThread == null) {
			return false;
		}
		try {
			appendsThread.execute(task);
			return true;
		}
		catch (RejectedExecutionException ex) {
			// the node stops
			return false;
		}
	}

	/**
	 * Queues a numbered append to be sent, in the order of the numbers, and keeps it
	 * until it is read back. Runs within the numbering of appends.
	 */
	private void queue(StompHeaders numbered, byte[] payload) {
		long now = System.currentTimeMillis();
		if ("1".equals(numbered.getFirst(AppendNumbers.NUMBER))) {
			// the first append of a new broker session: what the broker may have lost
			// with the last one goes first, or the log could hold this node's broadcasts
			// out of order
			this.unsent.addAll(this.unconfirmed.due(now, true));
		}
		this.unconfirmed.add(numbered, payload, now);
		this.unsent.add(new LogBatch.Entry(numbered, payload));
	}

	/**
	 * Records an append read back in the log: it is not sent again.
	 * @param appended its appender and number, if any
	 */
	void confirmed(AppendNumbers.@Nullable Appended appended) {
		this.unconfirmed.confirmed(appended);
	}

	/**
	 * Sends again, soon, every append not read back yet: the log may have lost them (a
	 * new sequencer showed).
	 */
	void appendAllAgain() {
		runOn(this.appendsThread, () -> appendAgain(true));
	}

	/**
	 * Sends what was queued, in the order of the numbers: what came while the previous
	 * appends were sent goes in one message. Runs on the appends thread.
	 */
	private void sendQueued() {
		BrokerConnection connection = this.broker.forDestination(this.destination);
		for (LogBatch.Entry next = this.unsent.poll(); next != null; next = this.unsent.poll()) {
			this.batch.add(next.headers(), next.payload());
			if (this.batch.isFull()) {
				sendBatch(connection);
			}
		}
		sendBatch(connection);
	}

	/**
	 * Sends the appends batched; those the broker did not take are sent again with the
	 * rest of those not read back.
	 */
	private void sendBatch(BrokerConnection connection) {
		if (!this.batch.isEmpty()) {
			LogBatch.Entry message = this.batch.take(this.destination);
			connection.send(message.headers(), message.payload());
		}
	}

	/**
	 * Sends again, unchanged, the appends not read back that are due.
	 * @param all whether all are due, not only those that waited their time
	 */
	private void appendAgain(boolean all) {
		List<LogBatch.Entry> due = this.unconfirmed.due(System.currentTimeMillis(), all);
		if (!due.isEmpty() && logger.isDebugEnabled()) {
			logger.debug("Sending again " + due.size() + " appends to " + this.destination + " not read back yet");
		}
		this.unsent.addAll(due);
		sendQueued();
	}

	/** Starts the appends thread. */
	void start() {
		ScheduledExecutorService appendsThread = Executors
			.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("exp-broadcast-appends-"));
		appendsThread.scheduleWithFixedDelay(() -> appendAgain(false), RESEND_CHECK_MILLIS, RESEND_CHECK_MILLIS,
				TimeUnit.MILLISECONDS);
		this.appendsThread = appendsThread;
	}

	/**
	 * Takes no more appends, and stops the appends thread once the log holds every append
	 * taken (the node's clients had their sends accepted): those queued are sent, and
	 * those not read back sent again when due, while the broker connection is up, for
	 * {@value #STOP_WAIT_SECONDS} s at most. Sent is not enough: what still sits in the
	 * connection's buffers when the node closes it may never reach the broker.
	 */
	void stop() {
		ScheduledExecutorService appendsThread = this.appendsThread;
		if (appendsThread == null) {
			return;
		}
		this.appendsThread = null;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
		try {
			awaitReadBack(deadline);
			appendsThread.shutdown();
			appendsThread.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		appendsThread.shutdownNow();
		int notReadBack = this.unconfirmed.size();
		if (notReadBack > 0) {
			logger.warn("Stopped appending to " + this.destination + " with " + notReadBack
					+ " appends not read back in it: the other nodes may not get them");
		}
	}

	/**
	 * Waits until the log holds every append taken, while the broker connection is up,
	 * until a deadline at most.
	 */
	private void awaitReadBack(long deadline) throws InterruptedException {
		BrokerConnection connection = this.broker.forDestination(this.destination);
		boolean readBack = this.unconfirmed.awaitNone(0);
		while (!readBack && connection.isConnected() && deadline - System.nanoTime() > 0) {
			readBack = this.unconfirmed.awaitNone(100);
		}
	}

}
