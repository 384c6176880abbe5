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
 * race logged a stack trace. This stops in the STOMP handler's phase, and the broker and
 * its channels in a later one ({@link EventBusConfiguration#getPhase()}).
 */
final class OpenSessions implements SmartLifecycle {

	private final Duration closeWait;

	private int open;

	private boolean running;

	/**
	 * @param closeWait how long the node waits, at most, for its sessions to close
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

	@Override
	public void stop(Runnable callback) {
		// the STOMP handler, in the same phase, may be told to stop after this
		Thread waiting = new Thread(() -> {
			try {
				awaitClosed();
			}
			finally {
				callback.run();
			}
		}, "exp-server-sessions-closing");
		waiting.setDaemon(true);
		waiting.start();
	}

	private synchronized void awaitClosed() {
		long deadline = System.nanoTime() + this.closeWait.toNanos();
		try {
			for (long left = this.closeWait.toNanos(); this.open > 0 && left > 0; left = deadline - System.nanoTime()) {
				TimeUnit.NANOSECONDS.timedWait(this, left);
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

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
