package io.exp.server.bus;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerConsumerPlugin;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerSessionPlugin;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;

/**
 * On an ActiveMQ Artemis broker embedded in a test, acknowledges the first message a
 * consumer of a queue was handed and had not acknowledged when the next such consumer, or
 * its session, closes, instead of handing it to the next consumer: as ActiveMQ Artemis
 * 2.43 now and then does when it cleans up after a failed STOMP connection (it
 * acknowledges that message in the session's transaction it rolled back already).
 */
final class LostInFlightInput implements ActiveMQServerSessionPlugin, ActiveMQServerConsumerPlugin, AutoCloseable {

	private final ActiveMQServer broker;

	private final SimpleString queue;

	private final AtomicBoolean armed = new AtomicBoolean();

	private final AtomicInteger lost = new AtomicInteger();

	/**
	 * @param broker the broker, on which this registers as a plugin
	 * @param queue the queue
	 */
	LostInFlightInput(ActiveMQServer broker, String queue) {
		this.broker = broker;
		this.queue = SimpleString.of(queue);
		broker.registerBrokerPlugin(this);
	}

	/** Acts on the next consumer of the queue to close, or whose session closes. */
	void onNextFailedConsumer() {
		this.armed.set(true);
	}

	/**
	 * Returns how many messages it acknowledged in the place of a consumer.
	 * @return the count
	 */
	int lost() {
		return this.lost.get();
	}

	@Override
	public void beforeCloseSession(ServerSession session, boolean failed) throws ActiveMQException {
		session.getServerConsumers().forEach(this::closing);
	}

	@Override
	public void beforeCloseConsumer(ServerConsumer consumer, boolean failed) throws ActiveMQException {
		closing(consumer);
	}

	private void closing(ServerConsumer consumer) {
		if (this.queue.equals(consumer.getQueue().getName()) && this.armed.compareAndSet(true, false)) {
			loseFirst(consumer);
		}
	}

	/**
	 * Acknowledges the first message the consumer had not acknowledged: still its own, or
	 * given back already at the head of the queue, where the consumer, exclusive, holds
	 * it from the next until it is removed.
	 */
	private void loseFirst(ServerConsumer consumer) {
		try {
			List<MessageReference> delivering = consumer.getDeliveringMessages();
			if (!delivering.isEmpty()) {
				MessageReference first = consumer.removeReferenceByID(delivering.get(0).getMessageID());
				if (first != null) {
					first.acknowledge();
					this.lost.incrementAndGet();
				}
				return;
			}
			Queue queue = consumer.getQueue();
			MessageReference first;
			try (LinkedListIterator<MessageReference> references = queue.browserIterator()) {
				first = references.hasNext() ? references.next() : null;
			}
			if (first != null && queue.deleteReference(first.getMessageID())) {
				this.lost.incrementAndGet();
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.broker.unRegisterBrokerPlugin(this);
	}

}
