package io.exp.client.bus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A TCP forwarder between clients and a server, for what a test cannot do to a server
 * that keeps running: cut every connection at once (a network failure) and refuse new
 * ones for a while, or change what the server sends.
 */
final class TcpProxy implements AutoCloseable {

	private final ServerSocket server;

	private final int targetPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile UnaryOperator<byte[]> fromServer = UnaryOperator.identity();

	private volatile boolean refusing;

	TcpProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "tcp-proxy-" + this.server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Returns the base URL of the server through this proxy.
	 */
	String getUrl() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	/**
	 * Drops every connection at once, and refuses new ones until {@link #reopen()}.
	 */
	void cut() {
		this.refusing = true;
		this.sockets.forEach(TcpProxy::closeQuietly);
		this.sockets.clear();
	}

	/**
	 * Accepts new connections again after {@link #cut()}.
	 */
	void reopen() {
		this.refusing = false;
	}

	/**
	 * Changes every chunk the server sends from now on, as it is read.
	 */
	void rewriteFromServer(UnaryOperator<byte[]> rewrite) {
		this.fromServer = rewrite;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				if (this.refusing) {
					closeQuietly(client);
					continue;
				}
				Socket target = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				this.sockets.add(client);
				this.sockets.add(target);
				pump(client, target, UnaryOperator::identity);
				pump(target, client, () -> this.fromServer);
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void pump(Socket from, Socket to, Supplier<UnaryOperator<byte[]>> rewrite) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(rewrite.get().apply(Arrays.copyOf(buffer, read)));
				}
			}
			catch (IOException ex) {
				// one side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "tcp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(AutoCloseable socket) {
		try {
			socket.close();
		}
		catch (Exception ex) {
			// already closed
		}
	}

	@Override
	public void close() {
		cut();
		closeQuietly(this.server);
	}

}
