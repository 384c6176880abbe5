package io.exp.benchmarks.scale;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server node in a JVM of its own, started from the harness's class path, so that its
 * heap, its collections and its threads are apart from the harness's clients and from the
 * other nodes, as when an operator runs each node as its own process.
 */
final class NodeProcess implements AutoCloseable {

	private final Process process;

	private final String host;

	private final int port;

	private NodeProcess(Process process, String host, int port) {
		this.process = process;
		this.host = host;
		this.port = port;
	}

	/**
	 * Starts a node and waits until it accepts connections.
	 * @param heap the node's maximum heap, as {@code -Xmx} takes it
	 * @param properties the node's properties, besides its port; with
	 * {@code server.address}, the node is reached there ({@code localhost} otherwise)
	 * @return the node
	 * @throws IOException when the process cannot start
	 * @throws InterruptedException when interrupted while it starts
	 */
	static NodeProcess start(String heap, Map<String, Object> properties) throws IOException, InterruptedException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap, "-cp",
				System.getProperty("java.class.path"), "io.exp.server.ExpServerApplication", "--server.port=" + port));
		properties.forEach((name, value) -> command.add("--" + name + "=" + value));
		Process process = new ProcessBuilder(command).inheritIO().start();
		NodeProcess node = new NodeProcess(process,
				String.valueOf(properties.getOrDefault("server.address", "localhost")), port);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!node.accepts()) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				node.close();
				throw new IllegalStateException("The node on port " + port + " did not start");
			}
			Thread.sleep(200);
		}
		return node;
	}

	private boolean accepts() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.host, this.port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Returns the node's event bus URL.
	 * @return its {@code ws://} URL
	 */
	String url() {
		return "ws://" + this.host + ":" + this.port + "/eventbus";
	}

	/**
	 * Returns the node's process id, to read its CPU time ({@link ProcessCpu}).
	 * @return the pid
	 */
	String pid() {
		return Long.toString(this.process.pid());
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
