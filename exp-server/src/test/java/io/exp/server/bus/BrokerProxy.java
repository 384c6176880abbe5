package io.exp.server.bus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder between one server node and the broker, for what a test cannot do to a
 * broker it shares: count the node's broker connections, cut them (a network failure, or
 * a node that dies without saying goodbye) and refuse new ones for a while.
 */
final class BrokerProxy implements AutoCloseable {

	private final ServerSocket server;

	private final int brokerPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final Set<Socket> fromNode = ConcurrentHashMap.newKeySet();

	private volatile boolean refusing;

	BrokerProxy(int brokerPort) throws IOException {
		this.brokerPort = brokerPort;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "broker-proxy-" + this.server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int getPort() {
		return this.server.getLocalPort();
	}

	/**
	 * Returns how many connections the node holds to the broker through this proxy.
	 */
	int connections() {
		this.fromNode.removeIf(Socket::isClosed);
		return this.fromNode.size();
	}

	/**
	 * Drops every connection at once, and refuses new ones while {@code refusing}.
	 */
	void cut(boolean refusing) {
		this.refusing = refusing;
		this.sockets.forEach(BrokerProxy::closeQuietly);
		this.sockets.clear();
		this.fromNode.clear();
	}

	/**
	 * Accepts new connections again after {@link #cut(boolean) cut(true)}.
	 */
	void resume() {
		this.refusing = false;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket node = this.server.accept();
				if (this.refusing) {
					closeQuietly(node);
					continue;
				}
				Socket broker = new Socket(InetAddress.getLoopbackAddress(), this.brokerPort);
				this.sockets.add(node);
				this.sockets.add(broker);
				this.fromNode.add(node);
				pump(node, broker);
				pump(broker, node);
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
				}
			}
			catch (IOException ex) {
				// one side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "broker-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() {
		cut(true);
		closeQuietly(this.server);
	}

	private static void closeQuietly(ServerSocket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
