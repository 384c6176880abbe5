package io.exp.server.bus;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * The RabbitMQ with rabbitmq_stomp that {@code .ci/services} installs and starts on
 * loopback ({@code EXP_TEST_RABBIT_STOMP_PORT}, default 61613, user guest), asked about
 * its queues with {@code rabbitmqctl}. Tests that need it are skipped, loudly, where it
 * is not running, except on CI ({@code CI=true}), where a missing RabbitMQ fails the
 * build: a test that runs nothing is not a passing test.
 */
public final class RabbitBroker {

	private RabbitBroker() {
	}

	/**
	 * Returns the STOMP port, or skips (fails on CI) the test when nothing listens there.
	 * @return the port
	 */
	public static int stompPort() {
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

	/**
	 * Lists the broker's queues (streams included) as {@code name type} lines.
	 * @return the queues
	 * @throws Exception when rabbitmqctl fails
	 */
	public static List<String> queues() throws Exception {
		return rabbitmqctl("list_queues", "name", "type");
	}

	/**
	 * Deletes a queue or stream.
	 * @param name its name
	 * @throws Exception when rabbitmqctl fails
	 */
	public static void deleteQueue(String name) throws Exception {
		rabbitmqctl("delete_queue", name);
	}

	/**
	 * Sets a policy on the queues (streams included) whose names match, over any other.
	 * @param name its name
	 * @param pattern the names of the queues it applies to, a regular expression
	 * @param definition its definition, as JSON
	 * @throws Exception when rabbitmqctl fails
	 */
	public static void setPolicy(String name, String pattern, String definition) throws Exception {
		rabbitmqctl("set_policy", "--apply-to", "queues", "--priority", "100", name, pattern, definition);
	}

	/**
	 * Deletes a policy.
	 * @param name its name
	 * @throws Exception when rabbitmqctl fails
	 */
	public static void clearPolicy(String name) throws Exception {
		rabbitmqctl("clear_policy", name);
	}

	private static List<String> rabbitmqctl(String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException("rabbitmqctl failed: " + output);
		}
		return output.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
	}

}
