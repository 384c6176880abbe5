package io.exp.server.bus;

import java.util.Map;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * An {@link EmbeddedArtemis} on which the nodes share their broadcasts through a topic
 * one node at a time numbers ({@code exp.server.bus.history.sequencer}), with a view of
 * the sequencer's input queue.
 */
final class SequencedArtemis implements SharingBroker {

	private final int kept;

	private EmbeddedActiveMQ artemis;

	/**
	 * @param kept how many of its last broadcasts the address of shared broadcasts keeps
	 * for a node that does not read ({@code retroactive-message-count})
	 */
	SequencedArtemis(int kept) {
		this.kept = kept;
	}

	@Override
	public int start() throws Exception {
		int port = EmbeddedArtemis.freePort();
		this.artemis = EmbeddedArtemis.start(port, this.kept);
		return port;
	}

	@Override
	public Map<String, Object> sharingProperties() {
		return Map.of("exp.server.bus.history.stream", EmbeddedArtemis.SHARED_BROADCASTS,
				"exp.server.bus.history.sequencer", true);
	}

	@Override
	public void stop() throws Exception {
		if (this.artemis != null) {
			this.artemis.stop();
		}
	}

	/**
	 * Returns the embedded broker.
	 * @return the broker
	 */
	ActiveMQServer server() {
		return this.artemis.getActiveMQServer();
	}

	/**
	 * Returns the sequencer's input queue, once a node created it.
	 * @return the queue, or {@code null}
	 */
	Queue inputQueue() {
		return this.artemis.getActiveMQServer().locateQueue(SimpleString.of(EmbeddedArtemis.SHARED_BROADCASTS + ".in"));
	}

	/**
	 * Returns how many nodes consume the sequencer's input queue.
	 * @return the count, 0 before a node created the queue
	 */
	int inputConsumers() {
		Queue input = inputQueue();
		return (input != null) ? input.getConsumerCount() : 0;
	}

}
