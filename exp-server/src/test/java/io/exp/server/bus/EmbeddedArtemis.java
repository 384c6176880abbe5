package io.exp.server.bus;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * An ActiveMQ Artemis broker embedded from Maven artifacts for the tests of relayed
 * nodes: a STOMP acceptor on loopback with the prefixes of the relay's destinations, the
 * address settings of shared broadcasts, no persistence, no security.
 */
public final class EmbeddedArtemis {

	/**
	 * The name under which the nodes share their broadcasts on this broker
	 * ({@code exp.server.bus.history.sequencer}): the multicast address keeps its last
	 * 1000 messages for new subscriptions (unless told otherwise), and its input queue
	 * has one consumer at a time, as the operations guide asks.
	 */
	public static final String SHARED_BROADCASTS = "exp.broadcasts";

	/**
	 * How many of its last messages the address of shared broadcasts keeps for new
	 * subscriptions, unless told otherwise.
	 */
	public static final int KEPT_BROADCASTS = 1000;

	private EmbeddedArtemis() {
	}

	/**
	 * Returns a loopback port free at the time of asking.
	 * @return the port
	 * @throws IOException when no port can be had
	 */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Starts a broker with its STOMP acceptor on a port.
	 * @param port the loopback port
	 * @return the started broker
	 * @throws Exception when it cannot start
	 */
	public static EmbeddedActiveMQ start(int port) throws Exception {
		return start(port, KEPT_BROADCASTS);
	}

	/**
	 * Starts a broker with its STOMP acceptor on a port, whose address of shared
	 * broadcasts keeps fewer messages for new subscriptions.
	 * @param port the loopback port
	 * @param kept how many of its last messages the address of shared broadcasts keeps
	 * @return the started broker
	 * @throws Exception when it cannot start
	 */
	public static EmbeddedActiveMQ start(int port, int kept) throws Exception {
		return new EmbeddedActiveMQ()
			.setConfiguration(new ConfigurationImpl().setPersistenceEnabled(false)
				.setSecurityEnabled(false)
				.setJournalDirectory(Files.createTempDirectory("artemis").toString())
				.addAcceptorConfiguration("stomp",
						"tcp://127.0.0.1:" + port + "?protocols=STOMP;anycastPrefix=/queue/;multicastPrefix=/topic/")
				.addAddressSetting(SHARED_BROADCASTS, new AddressSettings().setRetroactiveMessageCount(kept))
				.addAddressSetting(SHARED_BROADCASTS + ".in", new AddressSettings().setDefaultExclusiveQueue(true)))
			.start();
	}

}
