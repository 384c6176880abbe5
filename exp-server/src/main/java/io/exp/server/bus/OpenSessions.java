package io.exp.server.bus;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;

/**
 * Counts the node's open event bus sessions and, when the node stops, holds its message
 * broker back until they are all closed. Spring's STOMP handler closes every session when
 * it stops, but a session's end is handled on the node's close threads, where it sends
 * the session's {@code DISCONNECT} through the inbound channel; the broker, stopping at
 * the same time, takes an interceptor off that channel, and each session that lost the
 * race logged a stack trace. This stops after the STOMP handler and before the broker and
 * its channels, and its stop waits until every session's end was handled, at most
 * {@code closeWait}.
 */
final class OpenSessions implements SmartLifecycle {

	private final Duration closeWait;

	private int open;

	private boolean running;

	/**
	 * @param closeWait how long the node waits for the next session to close before it
	 * gives up on the others
	 */
	OpenSessions(Duration closeWait) {
		this.closeWait = closeWait;
	}

	synchronized void opened() {
		this.open++;
	}

	synchronized void closed() {
		this.open--;
		if (this.open <= 0) {
			notifyAll();
		}
	}

	@Override
	public synchronized void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		awaitClosed();
	}

	/**
	 * Waits while sessions are open and keep closing: gives up once none closed for
	 * {@code closeWait} (clients that do not answer the close).
	 */
	private synchronized void awaitClosed() {
		long quiet = this.closeWait.toNanos();
		int seen = this.open;
		long lastClose = System.nanoTime();
		try {
			for (long left = quiet; this.open > 0 && left > 0; left = quiet - (System.nanoTime() - lastClose)) {
				TimeUnit.NANOSECONDS.timedWait(this, left);
				if (this.open < seen) {
					seen = this.open;
					lastClose = System.nanoTime();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.running = false;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.running;
	}

	/**
	 * Between the STOMP handler's phase, the last, which closes the sessions, and the
	 * broker's ({@link EventBusConfiguration#getPhase()}): its stop waits, in a phase of
	 * its own, for what the handler's began.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1;
	}

}
