package io.exp.server.bus;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.exp.server.ExpServerApplication;

import org.springframework.test.util.TestSocketUtils;

import static org.awaitility.Awaitility.await;

/**
 * An exp-server node in a JVM of its own, started with the test's class path, so that a
 * test can kill it as an operator's {@code kill -9} would: no shutdown, no goodbye to the
 * broker or the clients. Its output goes to {@code target/node-<port>.log}.
 */
final class NodeProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private NodeProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Starts a node on a free loopback port and waits until it is ready. The port is free
	 * when chosen; if another process takes it before the node binds it, the node is
	 * started again on another.
	 * @param properties its properties, as command line arguments
	 * @return the running node
	 * @throws Exception when it cannot start
	 */
	static NodeProcess start(Map<String, Object> properties) throws Exception {
		for (int attempt = 1;; attempt++) {
			try {
				return startOnFreePort(properties);
			}
			catch (PortTaken ex) {
				if (attempt == 3) {
					throw new IllegalStateException(ex.getMessage());
				}
			}
		}
	}

	private static NodeProcess startOnFreePort(Map<String, Object> properties) throws Exception {
		int port = TestSocketUtils.findAvailableTcpPort();
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
						System.getProperty("java.class.path"), ExpServerApplication.class.getName(),
						"--server.port=" + port, "--server.address=127.0.0.1"));
		properties.forEach((name, value) -> command.add("--" + name + "=" + value));
		File log = new File("target", "node-" + port + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
		NodeProcess node = new NodeProcess(process, port);
		try {
			await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
				if (!process.isAlive()) {
					if (Files.readString(log.toPath()).contains("Port " + port + " was already in use")) {
						throw new PortTaken("Port " + port + " was taken before the node bound it");
					}
					throw new IllegalStateException("The node exited: see target/node-" + port + ".log");
				}
				return node.isReady();
			});
			return node;
		}
		catch (RuntimeException | Error ex) {
			node.kill();
			throw ex;
		}
	}

	int getPort() {
		return this.port;
	}

	/**
	 * Says whether the node is ready: its readiness group, which holds its broker
	 * connection, is up.
	 * @return whether it answers its readiness probe with 200
	 * @throws InterruptedException when interrupted while it waits for the answer
	 */
	boolean isReady() throws InterruptedException {
		HttpRequest readiness = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(2))
			.build();
		try {
			return this.http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Kills the node at once (SIGKILL on Linux), and waits until it is gone.
	 * @throws InterruptedException when interrupted while waiting
	 */
	void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor();
	}

	@Override
	public void close() throws InterruptedException {
		kill();
	}

	/** Another process took the node's port before the node bound it. */
	private static final class PortTaken extends RuntimeException {

		PortTaken(String message) {
			super(message);
		}

	}

}
