package io.exp.server.bus;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.postoffice.QueueBinding;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * The relay over ActiveMQ Artemis, embedded from Maven artifacts: nothing to install.
 */
class ArtemisRelayedEventBusTests extends RelayedEventBusTests {

	private EmbeddedActiveMQ artemis;

	@Override
	protected int startBroker() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		this.artemis = new EmbeddedActiveMQ()
			.setConfiguration(new ConfigurationImpl().setPersistenceEnabled(false)
				.setSecurityEnabled(false)
				.setJournalDirectory(Files.createTempDirectory("artemis").toString())
				.addAcceptorConfiguration("stomp",
						"tcp://127.0.0.1:" + port + "?protocols=STOMP;anycastPrefix=/queue/;multicastPrefix=/topic/"))
			.start();
		return port;
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
