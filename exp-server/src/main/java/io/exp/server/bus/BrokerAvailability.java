package io.exp.server.bus;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.broker.BrokerAvailabilityEvent;
import org.springframework.stereotype.Component;

/**
 * Whether the message broker can take messages now: the in-process one, or with a relayed
 * broker the node's connections to it ({@link BrokerConnections}). Sends while it cannot
 * are refused with an error to the sender, never dropped silently.
 *
 * @since 0.1.0
 */
@Component
public class BrokerAvailability {

	private final Object monitor = new Object();

	private final boolean relayed;

	private boolean available;

	BrokerAvailability(EventBusProperties properties) {
		this.relayed = properties.getRelay().isEnabled();
	}

	@EventListener
	void onAvailabilityChange(BrokerAvailabilityEvent event) {
		if (this.relayed && !(event.getSource() instanceof BrokerConnections)) {
			// the in-process broker is always there; what a relayed bus needs is the
			// broker connections
			return;
		}
		synchronized (this.monitor) {
			this.available = event.isBrokerAvailable();
			this.monitor.notifyAll();
		}
	}

	/**
	 * Whether the broker can take messages now.
	 * @return {@code true} when available
	 */
	public boolean isAvailable() {
		synchronized (this.monitor) {
			return this.available;
		}
	}

	/**
	 * Waits until the broker is available.
	 * @param timeout the longest wait
	 * @return whether it is available
	 * @throws InterruptedException when interrupted while waiting
	 */
	public boolean await(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.monitor) {
			while (!this.available) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.monitor, left);
			}
			return true;
		}
	}

}
