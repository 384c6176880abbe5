package io.exp.server.bus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A TCP forwarder between one server node and the broker, for what a test cannot do to a
 * broker it shares: count the node's broker connections, cut them (a network failure, or
 * a node that dies without saying goodbye), stop reading from the node for good or for a
 * while as the broker still speaks (nothing closes), refuse new ones for a while, and
 * swallow frames of one command the node sends, or the broker sends the node (frames end
 * at their NUL byte after the body's {@code content-length}, if declared).
 */
final class BrokerProxy implements AutoCloseable {

	private final ServerSocket server;

	private final int brokerPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final Set<Socket> fromNode = ConcurrentHashMap.newKeySet();

	private volatile boolean refusing;

	private volatile boolean stalled;

	private volatile boolean paused;

	private volatile @Nullable Drop fromNodeDropped;

	private volatile @Nullable Drop toNodeDropped;

	private final StringBuffer droppedFrames = new StringBuffer();

	private volatile @Nullable String counted;

	private final AtomicInteger countedFrames = new AtomicInteger();

	private final AtomicInteger refused = new AtomicInteger();

	BrokerProxy(int brokerPort) throws IOException {
		this.brokerPort = brokerPort;
		this.server = new ServerSocket();
		// a small window, fixed: a pause fills the buffers between node and proxy soon
		this.server.setReceiveBufferSize(65536);
		this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
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
		this.stalled = false;
		// forgets the connections before it closes them: the node may connect again at
		// once, and its new connection counts
		List<Socket> cut = List.copyOf(this.sockets);
		this.sockets.removeAll(cut);
		this.fromNode.removeAll(cut);
		cut.forEach(BrokerProxy::closeQuietly);
	}

	/**
	 * Stops reading what the node sends, on every connection, until {@link #cut(boolean)
	 * cut}: the node's writes fill the sockets' buffers and wait, while what the broker
	 * sends still reaches the node. So does a broker that stops reading from a connection
	 * but keeps it open (RabbitMQ while a resource alarm blocks publishers): it does not
	 * count the node's heart-beats missing, and the proxy sends it end-of-lines in the
	 * node's place.
	 */
	void stopReadingFromNode() {
		this.stalled = true;
	}

	/**
	 * Stops reading what the node sends, on every connection, or reads it again: while
	 * paused, the node's writes fill the sockets' buffers and wait, and what the broker
	 * sends still reaches the node (a broker slow to read, or a congested network). The
	 * broker counts no heart-beat from the node meanwhile: keep pauses short.
	 * @param paused whether to stop reading
	 */
	void pauseReadingFromNode(boolean paused) {
		this.paused = paused;
	}

	/**
	 * Swallows, from now on, the frames of a command the node sends, as if they were lost
	 * on the way.
	 * @param command the command, for example {@code ACK}, or {@code null} to forward
	 * every frame again
	 */
	void dropFromNode(@Nullable String command) {
		dropFromNode(command, "");
	}

	/**
	 * Swallows, from now on, the frames of a command the node sends that carry a header,
	 * as if they were lost on the way.
	 * @param command the command, for example {@code SEND}, or {@code null} to forward
	 * every frame again
	 * @param header the header line, for example {@code destination:/topic/t}
	 */
	void dropFromNode(@Nullable String command, String header) {
		this.fromNodeDropped = (command != null) ? new Drop(command, header) : null;
	}

	/**
	 * Swallows, from now on, the frames of a command the broker sends the node, as if the
	 * node never read them.
	 * @param command the command, for example {@code MESSAGE}, or {@code null} to forward
	 * every frame again
	 */
	void dropToNode(@Nullable String command) {
		this.toNodeDropped = (command != null) ? new Drop(command, "") : null;
	}

	/**
	 * Returns how many connections the proxy refused so far (accepted, then closed at
	 * once).
	 * @return the number of connections refused
	 */
	int refusedConnections() {
		return this.refused.get();
	}

	/**
	 * Says whether a frame the proxy swallowed so far holds a text.
	 * @param text the text
	 * @return whether one holds it
	 */
	boolean droppedAFrameWith(String text) {
		return this.droppedFrames.indexOf(text) >= 0;
	}

	/**
	 * Counts, from now on, the frames the node sends the broker that hold a text, dropped
	 * or not.
	 * @param text the text
	 */
	void countFromNode(String text) {
		this.countedFrames.set(0);
		this.counted = text;
	}

	/**
	 * Returns how many frames the node sent that held the text counted.
	 * @return the count since {@link #countFromNode(String)}
	 */
	int countedFromNode() {
		return this.countedFrames.get();
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
					this.refused.incrementAndGet();
					continue;
				}
				Socket broker = new Socket(InetAddress.getLoopbackAddress(), this.brokerPort);
				this.sockets.add(node);
				this.sockets.add(broker);
				this.fromNode.add(node);
				pump(node, broker, forwardFrames(() -> this.fromNodeDropped, true), true);
				pump(broker, node, forwardFrames(() -> this.toNodeDropped, false), false);
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void pump(Socket from, Socket to, Forwarding forwarding, boolean fromNode) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = readWhenNotPaused(in, buffer, fromNode)) >= 0) {
					if (fromNode && this.stalled) {
						heartbeatsUntilClosed(out);
						return;
					}
					forwarding.forward(out, buffer, 0, read);
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

	private int readWhenNotPaused(InputStream in, byte[] buffer, boolean fromNode) throws IOException {
		try {
			while (fromNode && this.paused) {
				Thread.sleep(20);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		return in.read(buffer);
	}

	/**
	 * Sends the broker end-of-lines, between whole frames, until the connection is cut.
	 */
	private static void heartbeatsUntilClosed(OutputStream broker) throws IOException {
		try {
			while (true) {
				broker.write('\n');
				broker.flush();
				Thread.sleep(200);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Forwards whole frames, but those of the command dropped; end-of-lines between
	 * frames (heart-beats) at once. Runs on one pump's thread, with that pump's frame in
	 * progress.
	 * @param drop what is dropped in this direction now
	 * @param fromNode whether the node sends the frames
	 */
	private Forwarding forwardFrames(Supplier<@Nullable Drop> drop, boolean fromNode) {
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		return (out, bytes, offset, length) -> {
			for (int i = offset; i < offset + length; i++) {
				byte b = bytes[i];
				if (frame.size() == 0 && (b == '\n' || b == '\r')) {
					out.write(b);
					continue;
				}
				frame.write(b);
				if (b != 0) {
					continue;
				}
				String text = frame.toString(StandardCharsets.ISO_8859_1);
				if (!isWhole(text)) {
					continue;
				}
				String counted = this.counted;
				if (fromNode && counted != null && text.contains(counted)) {
					this.countedFrames.incrementAndGet();
				}
				Drop dropped = drop.get();
				if (dropped == null || !dropped.matches(text)) {
					frame.writeTo(out);
				}
				else {
					this.droppedFrames.append(text);
				}
				frame.reset();
			}
		};
	}

	/**
	 * Says whether a frame's text up to a NUL byte is the whole frame: a body of the
	 * {@code content-length} it declares, if any, may hold NUL bytes.
	 */
	private static boolean isWhole(String text) {
		int headersEnd = text.indexOf("\n\n");
		if (headersEnd < 0) {
			return true;
		}
		for (String header : text.substring(0, headersEnd).split("\n")) {
			if (header.startsWith("content-length:")) {
				int length = Integer.parseInt(header.substring("content-length:".length()).trim());
				return text.length() - 1 - (headersEnd + 2) >= length;
			}
		}
		return true;
	}

	/** The frames a pump swallows: those of a command that carry a header line. */
	private record Drop(String command, String header) {

		boolean matches(String frame) {
			return frame.startsWith(this.command + "\n")
					&& frame.substring(0, frame.indexOf("\n\n") + 1).contains("\n" + this.header);
		}

	}

	/** Forwards what a pump read. */
	@FunctionalInterface
	private interface Forwarding {

		void forward(OutputStream out, byte[] bytes, int offset, int length) throws IOException;

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
