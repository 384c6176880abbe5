package io.exp.server.bus;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw STOMP frames of the resume tests: numbered ticks broadcast on a channel, a
 * subscription that may resume, and reading the frames that come back.
 */
final class TickFrames {

	private TickFrames() {
	}

	/**
	 * Subscribes to a channel with the receipt {@code subscribed}, and waits for the
	 * receipt when nothing is replayed before it (no extra headers).
	 */
	static void subscribe(RawStompSocket socket, String channel, Map<String, String> extra) throws IOException {
		Map<String, String> headers = new LinkedHashMap<>(
				Map.of("id", "0", "destination", "/topic/channel." + channel, "receipt", "subscribed"));
		headers.putAll(extra);
		socket.send("SUBSCRIBE", headers, "");
		if (extra.isEmpty()) {
			assertThat(next(socket, "RECEIPT").header("receipt-id")).isEqualTo("subscribed");
		}
	}

	/** Broadcasts the tick {@code n} on a channel. */
	static void broadcast(RawStompSocket publisher, String channel, int n) throws IOException {
		publisher.send("SEND", Map.of("destination", "/app/broadcast", "content-type", "application/json"),
				"{\"channel\":\"" + channel + "\",\"name\":\"tick\",\"payload\":" + body(n) + "}");
	}

	/**
	 * Returns the payload of tick {@code n}, as it is in every frame that carries it.
	 */
	static String body(int n) {
		return "{\"n\":" + n + "}";
	}

	/**
	 * Waits until the node has handled everything the publisher sent (its frames are
	 * handled in order).
	 */
	static void routed(RawStompSocket publisher) throws IOException {
		publisher.send("SEND", Map.of("destination", "/app/broadcast", "receipt", "routed"), "not json");
		assertThat(next(publisher, "RECEIPT").header("receipt-id")).isEqualTo("routed");
	}

	/**
	 * Broadcasts ticks {@code from} to {@code to} and receives the listener's broadcasts
	 * until the last of them.
	 */
	static void broadcastAndReceive(RawStompSocket publisher, RawStompSocket listener, String channel, int from, int to,
			List<StompFrame> received) throws IOException {
		for (int n = from; n <= to; n++) {
			broadcast(publisher, channel, n);
		}
		StompFrame frame;
		do {
			frame = next(listener, "MESSAGE");
			received.add(frame);
		}
		while (TickFrames.number(frame) != to);
	}

	/** Reads the next frame, which must be one of the commands. */
	static StompFrame next(RawStompSocket socket, String... commands) throws IOException {
		StompFrame frame = StompFrame.parse(socket.read());
		assertThat(frame.command()).as(frame.toString()).isIn((Object[]) commands);
		return frame;
	}

	/** The number of the tick a frame carries. */
	static int number(StompFrame frame) {
		String body = frame.body();
		int at = body.indexOf("\"n\":") + 4;
		return Integer.parseInt(body.substring(at, body.indexOf('}', at)));
	}

}
