package io.exp.server.bus;

import java.util.List;

import org.apache.activemq.artemis.core.postoffice.QueueBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * The relay over ActiveMQ Artemis, embedded from Maven artifacts: nothing to install.
 */
class ArtemisRelayedEventBusTests extends RelayedEventBusTests {

	private EmbeddedActiveMQ artemis;

	@Override
	protected int startBroker() throws Exception {
		int port = EmbeddedArtemis.freePort();
		this.artemis = EmbeddedArtemis.start(port);
		return port;
	}

	/** The broker, started for the class. */
	ActiveMQServer broker() {
		return this.artemis.getActiveMQServer();
	}

	@Override
	protected List<String> brokerQueues() {
		return this.artemis.getActiveMQServer()
			.getPostOffice()
			.getAllBindings()
			.filter(QueueBinding.class::isInstance)
			.map((binding) -> binding.getAddress() + "/" + binding.getUniqueName())
			.toList();
	}

	@Override
	protected void stopBroker() throws Exception {
		if (this.artemis != null) {
			this.artemis.stop();
		}
	}

}
