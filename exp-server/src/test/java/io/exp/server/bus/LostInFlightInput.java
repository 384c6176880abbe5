package io.exp.server.bus;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerSessionPlugin;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;

/**
 * On an ActiveMQ Artemis broker embedded in a test, acknowledges the first message a
 * consumer of a queue was handed and had not acknowledged when the next session with such
 * a consumer closes, instead of handing it to the next consumer: as ActiveMQ Artemis 2.43
 * now and then does when it cleans up after a failed STOMP connection (it acknowledges
 * that message in the session's transaction it rolled back already).
 */
final class LostInFlightInput implements ActiveMQServerSessionPlugin, AutoCloseable {

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

	/** Acts on the next session to close with a consumer of the queue. */
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
		for (ServerConsumer consumer : session.getServerConsumers()) {
			if (this.queue.equals(consumer.getQueue().getName()) && this.armed.compareAndSet(true, false)) {
				loseFirst(consumer.getQueue());
			}
		}
	}

	/**
	 * Deletes the first message of the queue: the session closing gave back the messages
	 * it had not acknowledged, at the head of the queue, and its consumer, exclusive,
	 * holds them from the next until it is removed.
	 */
	private void loseFirst(Queue queue) {
		try {
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
