package io.exp.server.socketio;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

/**
 * A socket.io 1.x client over Engine.IO 3 long-polling, written from the protocol for the
 * tests: {@code GET}s carry the server's packets, {@code POST}s the client's, each
 * payload framed as {@code <length>:<packet>}. It shares no code with the server's
 * library.
 */
final class PollingSocketIoClient implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final String url;

	private final String sid;

	private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

	private volatile Thread poller;

	private volatile boolean closed;

	private volatile boolean polling = true;

	/**
	 * A socket.io event: its name and first argument.
	 */
	record Event(String name, Object data) {
	}

	private PollingSocketIoClient(String base, String sid, List<String> firstPackets) {
		this.url = base + "&sid=" + sid;
		this.sid = sid;
		onPackets(firstPackets);
		this.poller = startPolling();
	}

	private Thread startPolling() {
		Thread thread = new Thread(this::poll, "socket.io-test-poller");
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	/**
	 * Stops polling, as a client that went away without closing: the poll under way ends
	 * when the server answers it, and no other follows until {@link #resumePolling()}.
	 */
	void stopPolling() {
		this.polling = false;
	}

	void resumePolling() throws InterruptedException {
		this.poller.join(TimeUnit.MINUTES.toMillis(1));
		this.polling = true;
		this.poller = startPolling();
	}

	/**
	 * Opens a connection: the Engine.IO handshake ({@code 0{"sid", ...}}), then
	 * socket.io's connect to {@code /}.
	 * @throws IllegalStateException with the status and body when the server refuses the
	 * handshake
	 */
	static PollingSocketIoClient connect(int port, String token) throws IOException, InterruptedException {
		String base = "http://localhost:" + port + "/socket.io/?EIO=3&transport=polling&b64=1&token="
				+ URLEncoder.encode(token, StandardCharsets.UTF_8);
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(base)).GET().build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(response.statusCode() + " " + response.body());
		}
		String body = response.body();
		List<String> packets = decode(body);
		String open = packets.get(0);
		if (!open.startsWith("0")) {
			throw new IllegalStateException("Not an open packet: " + body);
		}
		String sid = (String) json.readValue(open.substring(1), Map.class).get("sid");
		return new PollingSocketIoClient(base, sid, packets.subList(1, packets.size()));
	}

	static int handshakeStatus(int port, String query) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/socket.io/?" + query)).GET().build(),
					HttpResponse.BodyHandlers.ofString())
			.statusCode();
	}

	void emit(String event, Object argument) throws IOException, InterruptedException {
		send("42" + json.writeValueAsString(List.of(event, argument)));
	}

	/**
	 * The next event with this name; events with other names that come first are dropped.
	 */
	Event next(String name, long seconds) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (System.nanoTime() < deadline) {
			Event event = this.events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			if (event != null && event.name().equals(name)) {
				return event;
			}
		}
		return null;
	}

	BlockingQueue<Event> events() {
		return this.events;
	}

	/** Its Engine.IO session id. */
	String sid() {
		return this.sid;
	}

	/**
	 * The request target of its polls ({@code /socket.io/?...&sid=...}), for a test that
	 * polls its session on a socket of its own.
	 */
	String pollTarget() {
		return this.url.substring(this.url.indexOf("/socket.io/"));
	}

	private void send(String packet) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(this.url))
			.header("Content-Type", "text/plain;charset=UTF-8")
			.POST(HttpRequest.BodyPublishers.ofString(packet.length() + ":" + packet))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(response.statusCode() + " " + response.body());
		}
	}

	private void poll() {
		while (!this.closed && this.polling) {
			try {
				HttpResponse<String> response = this.http.send(
						HttpRequest.newBuilder(URI.create(this.url)).timeout(Duration.ofMinutes(1)).GET().build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() != 200) {
					this.events.add(new Event("transport.closed", response.statusCode() + " " + response.body()));
					return;
				}
				onPackets(decode(response.body()));
			}
			catch (IOException ex) {
				this.events.add(new Event("transport.closed", String.valueOf(ex.getMessage())));
				return;
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private void onPackets(List<String> packets) {
		for (String packet : packets) {
			if (packet.startsWith("2")) {
				new Thread(() -> {
					try {
						send("3" + packet.substring(1));
					}
					catch (IOException | InterruptedException | IllegalStateException ex) {
						// closing
					}
				}).start();
			}
			else if (packet.startsWith("1")) {
				this.events.add(new Event("transport.closed", "close packet"));
			}
			else if (packet.startsWith("40")) {
				this.events.add(new Event("connect", ""));
			}
			else if (packet.startsWith("41")) {
				this.events.add(new Event("disconnect", ""));
			}
			else if (packet.startsWith("42")) {
				List<?> event = json.readValue(packet.substring(2), List.class);
				this.events.add(new Event((String) event.get(0), (event.size() > 1) ? event.get(1) : ""));
			}
		}
	}

	/**
	 * Splits an Engine.IO 3 text payload, {@code <length>:<packet>} after one another
	 * (lengths in characters).
	 */
	static List<String> decode(String payload) {
		ArrayList<String> packets = new ArrayList<>();
		int i = 0;
		while (i < payload.length()) {
			int colon = payload.indexOf(':', i);
			int length = Integer.parseInt(payload.substring(i, colon));
			packets.add(payload.substring(colon + 1, colon + 1 + length));
			i = colon + 1 + length;
		}
		return packets;
	}

	@Override
	public void close() {
		this.closed = true;
		try {
			send("1");
		}
		catch (IOException | InterruptedException | IllegalStateException ex) {
			// already closed
		}
		this.poller.interrupt();
	}

}
