package io.exp.server.bus;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A STOMP client written on a plain TCP socket, an attacker's view of the server: it does
 * the WebSocket handshake by hand and then writes whatever frames a test gives it, byte
 * for byte. It reads only when a test asks, so a test can also make a client that never
 * reads its socket.
 */
final class RawStompSocket implements AutoCloseable {

	private final Socket socket;

	private final DataInputStream in;

	private final OutputStream out;

	private RawStompSocket(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new DataInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
	}

	/**
	 * Opens the WebSocket of the event bus.
	 * @param port the server's port
	 * @param receiveBuffer the socket's receive buffer in bytes (small for a client that
	 * will not read), or 0 for the default
	 */
	static RawStompSocket open(int port, int receiveBuffer) throws IOException {
		Socket socket = new Socket();
		if (receiveBuffer > 0) {
			socket.setReceiveBufferSize(receiveBuffer);
		}
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(25_000);
		RawStompSocket raw = new RawStompSocket(socket);
		raw.handshake(port);
		return raw;
	}

	/**
	 * Opens the event bus and sends {@code CONNECT} with the token, expecting
	 * {@code CONNECTED}.
	 */
	static RawStompSocket connect(int port, String token) throws IOException {
		RawStompSocket raw = open(port, 0);
		raw.send("CONNECT\naccept-version:1.2\nheart-beat:0,0\nAuthorization:Bearer " + token + "\n\n\0");
		String connected = raw.read();
		if (!connected.startsWith("CONNECTED")) {
			throw new IllegalStateException("Not connected: " + connected);
		}
		return raw;
	}

	private void handshake(int port) throws IOException {
		byte[] nonce = new byte[16];
		new SecureRandom().nextBytes(nonce);
		String request = "GET /eventbus HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
				+ "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
				+ "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: v12.stomp\r\n\r\n";
		this.out.write(request.getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			int b = this.in.read();
			if (b < 0) {
				throw new EOFException("Closed during the handshake: " + head);
			}
			head.write(b);
		}
		if (!head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
			throw new IllegalStateException("Handshake refused: " + head);
		}
	}

	/**
	 * Sends one masked text message with exactly these characters.
	 */
	void send(String text) throws IOException {
		sendInFragments(text);
	}

	/**
	 * Sends one masked text message with exactly these characters, in WebSocket fragments
	 * (a text frame and continuation frames) cut at the given offsets of its UTF-8 bytes,
	 * so a cut can fall inside a character.
	 * @param text the message
	 * @param cuts increasing byte offsets at which a fragment ends
	 */
	void sendInFragments(String text, int... cuts) throws IOException {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream frames = new ByteArrayOutputStream();
		int start = 0;
		for (int i = 0; i <= cuts.length; i++) {
			int end = (i < cuts.length) ? cuts[i] : payload.length;
			int opcode = (i == 0) ? 0x1 : 0x0;
			int fin = (i == cuts.length) ? 0x80 : 0;
			writeFrame(frames, fin | opcode, Arrays.copyOfRange(payload, start, end));
			start = end;
		}
		this.out.write(frames.toByteArray());
		this.out.flush();
	}

	private static void writeFrame(ByteArrayOutputStream frame, int first, byte[] payload) {
		frame.write(first);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else if (payload.length < 65536) {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xff);
		}
		else {
			frame.write(0x80 | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) (((long) payload.length) >>> shift) & 0xff);
			}
		}
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		frame.write(mask, 0, 4);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
	}

	/**
	 * Sends a STOMP frame with the given command, headers and body.
	 */
	void send(String command, Map<String, String> headers, String body) throws IOException {
		StringBuilder frame = new StringBuilder(command).append('\n');
		headers.forEach((name, value) -> frame.append(name).append(':').append(value).append('\n'));
		send(frame.append('\n').append(body).append('\0').toString());
	}

	/**
	 * Reads the next text message (joining its fragments), skipping heartbeats.
	 * @return the message, or {@code "CLOSED"} when the server closed the WebSocket or
	 * the connection
	 */
	String read() throws IOException {
		ByteArrayOutputStream message = new ByteArrayOutputStream();
		while (true) {
			int first;
			try {
				first = this.in.read();
			}
			catch (SocketTimeoutException ex) {
				throw ex;
			}
			catch (IOException ex) {
				// reset by the server
				return "CLOSED";
			}
			if (first < 0) {
				return "CLOSED";
			}
			int opcode = first & 0x0f;
			long length = this.in.readUnsignedByte() & 0x7f;
			if (length == 126) {
				length = this.in.readUnsignedShort();
			}
			else if (length == 127) {
				length = this.in.readLong();
			}
			byte[] payload = new byte[(int) length];
			this.in.readFully(payload);
			if (opcode == 0x8) {
				return "CLOSED";
			}
			message.write(payload, 0, payload.length);
			if ((first & 0x80) == 0) {
				continue;
			}
			String text = message.toString(StandardCharsets.UTF_8);
			if (!text.isBlank()) {
				return text;
			}
			message.reset();
		}
	}

	/**
	 * Reads until the server closes, returning the frames seen on the way.
	 */
	String readUntilClosed() throws IOException {
		StringBuilder seen = new StringBuilder();
		for (String frame = read(); !frame.equals("CLOSED"); frame = read()) {
			seen.append(frame).append('\n');
		}
		return seen.toString();
	}

	/**
	 * Reads and discards everything until the server closes the connection.
	 * @return {@code true} once closed, {@code false} when the server sent nothing for
	 * the read timeout
	 */
	boolean readUntilClosedSkipping() throws IOException {
		byte[] sink = new byte[65536];
		try {
			while (this.in.read(sink) >= 0) {
				// discard
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			// reset by the server
			return true;
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
