package io.exp.server.bus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;

/**
 * The nodes of a suite that share their broadcasts on a {@link SharingBroker}: the
 * broker's start and stop, the nodes' properties (one signing key, the relay to the
 * broker, the broker's sharing properties), and sockets connected to them with tokens of
 * that key.
 */
final class SharingNodes {

	private final String signingKey = TokenService.randomKey();

	private final TokenService tokens = new TokenService(this.signingKey.getBytes(StandardCharsets.UTF_8),
			Duration.ofHours(1), Clock.systemUTC());

	private final SharingBroker broker;

	private int brokerPort;

	SharingNodes(SharingBroker broker) {
		this.broker = broker;
	}

	/**
	 * Starts the broker.
	 * @return its STOMP port
	 * @throws Exception when it cannot start
	 */
	int start() throws Exception {
		this.brokerPort = this.broker.start();
		return this.brokerPort;
	}

	/**
	 * Stops the broker, or deletes what the suite left on it.
	 * @throws Exception when it cannot
	 */
	void stop() throws Exception {
		this.broker.stop();
	}

	/**
	 * Returns the broker's STOMP port.
	 * @return the port
	 */
	int brokerPort() {
		return this.brokerPort;
	}

	/**
	 * Returns a node that reaches the broker on a port: the broker's, or a
	 * {@link BrokerProxy}'s.
	 * @param brokerPort the port
	 * @return the node, not started
	 */
	ExpServer.Builder node(int brokerPort) {
		ExpServer.Builder node = ExpServer.builder();
		properties(brokerPort).forEach(node::property);
		return node;
	}

	/**
	 * Starts a node in a JVM of its own, which a test can kill, that reaches the broker
	 * on a port: the broker's, or a {@link BrokerProxy}'s.
	 * @param brokerPort the port
	 * @return the node
	 * @throws Exception when it cannot start
	 */
	NodeProcess process(int brokerPort) throws Exception {
		return NodeProcess.start(properties(brokerPort));
	}

	/**
	 * Connects to a node as an identity.
	 * @param port the node's port
	 * @param identity the identity
	 * @return the connected socket
	 * @throws IOException when it cannot connect
	 */
	RawStompSocket connect(int port, Identity identity) throws IOException {
		return RawStompSocket.connect(port, this.tokens.issue(identity));
	}

	private Map<String, Object> properties(int brokerPort) {
		Map<String, Object> properties = new LinkedHashMap<>(this.broker.sharingProperties());
		properties.putAll(Map.of("exp.server.signing-key", this.signingKey, "exp.server.bus.relay.enabled", true,
				"exp.server.bus.relay.port", brokerPort));
		return properties;
	}

}
