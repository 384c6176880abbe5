package io.exp.server.bus;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bytes that this node holds for delivery to all its sessions, against a node-wide
 * limit: sessions count what they queue and release it once written or dropped, and
 * senders wait for room before their message fans out, so a burst slows its sender
 * instead of filling the heap.
 */
final class OutboundMemory {

	private final long limit;

	private final AtomicLong used = new AtomicLong();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition room = this.lock.newCondition();

	OutboundMemory(long limit) {
		this.limit = limit;
	}

	void hold(long bytes) {
		this.used.addAndGet(bytes);
	}

	void release(long bytes) {
		long after = this.used.addAndGet(-bytes);
		if (after <= this.limit && after + bytes > this.limit) {
			this.lock.lock();
			try {
				this.room.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	long used() {
		return this.used.get();
	}

	/**
	 * Waits until the node holds no more than its limit.
	 * @param timeout how long to wait at most
	 * @return whether there is room now
	 */
	boolean awaitRoom(Duration timeout) {
		if (this.used.get() <= this.limit) {
			return true;
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (this.used.get() > this.limit) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				// bounded waits: a release that signals between the check and the wait is
				// seen at the next turn
				this.room.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

}
