package io.exp.server.bus;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

/**
 * The relay over RabbitMQ with rabbitmq_stomp, installed and started on loopback by
 * {@code .ci/services} ({@code EXP_TEST_RABBIT_STOMP_PORT}, default 61613, user guest).
 * Skipped, loudly, where it is not running, except on CI ({@code CI=true}), where a
 * missing RabbitMQ fails the build: a test that runs nothing is not a passing test.
 */
class RabbitRelayedEventBusTests extends RelayedEventBusTests {

	@Override
	protected int startBroker() {
		String configured = System.getenv("EXP_TEST_RABBIT_STOMP_PORT");
		int port = (configured != null && !configured.isBlank()) ? Integer.parseInt(configured) : 61613;
		try (Socket socket = new Socket("127.0.0.1", port)) {
			return port;
		}
		catch (IOException ex) {
			String message = "SKIPPED: RabbitMQ STOMP is not reachable on 127.0.0.1:" + port
					+ "; run .ci/services (as root) to install and start it";
			System.err.println("!!! " + message);
			if (Boolean.parseBoolean(System.getenv("CI"))) {
				throw new IllegalStateException(message.replace("SKIPPED", "FAILED on CI"), ex);
			}
			Assumptions.abort(message);
			return -1;
		}
	}

	@Override
	protected Map<String, Object> relayProperties() {
		return Map.of("exp.server.bus.relay.virtual-host", "/");
	}

	/**
	 * Asks {@code rabbitmqctl} (the node's queues carry the node's id in their names, see
	 * {@link BrokerConnections#queueHeaders}).
	 */
	@Override
	protected List<String> brokerQueues() throws Exception {
		Process process = new ProcessBuilder("rabbitmqctl", "-q", "list_queues", "name").redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException("rabbitmqctl failed: " + output);
		}
		return output.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
	}

	@Override
	protected void stopBroker() {
	}

}
