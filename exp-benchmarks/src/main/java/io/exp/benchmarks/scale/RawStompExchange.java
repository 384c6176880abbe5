package io.exp.benchmarks.scale;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The little of STOMP 1.2 that the raw fan-out baselines ({@link RawTomcatFanOut},
 * {@link RawNettyFanOut}) speak, enough for {@link NodeCapacityHarness}'s devices and
 * sender: {@code CONNECTED} to a {@code CONNECT}, a {@code RECEIPT} to any frame that
 * asks for one, and for a {@code SEND} one {@code MESSAGE} frame, the same bytes for
 * every session (every simulated device subscribes with the id {@code 0}), with the
 * {@code SEND}'s body. No authentication, no destinations: what is left is the cost of
 * writing one frame to every connection.
 */
final class RawStompExchange {

	/** What the node answers: heartbeats of 10 s both ways. */
	static final String CONNECTED = "CONNECTED\nversion:1.2\nheart-beat:10000,10000\n\n\0";

	private final AtomicLong messageIds = new AtomicLong();

	/**
	 * Handles one frame from a client.
	 * @param text the frame, or a heartbeat
	 * @param reply takes a frame for this client
	 * @param broadcast takes a {@code MESSAGE} frame, in UTF-8, for every client
	 */
	void received(String text, Consumer<String> reply, Consumer<byte[]> broadcast) {
		String frame = text.stripLeading();
		if (frame.isEmpty()) {
			return;
		}
		int headersEnd = frame.indexOf("\n\n");
		String head = (headersEnd < 0) ? frame : frame.substring(0, headersEnd);
		String command = head.lines().findFirst().orElse("");
		if (command.equals("CONNECT") || command.equals("STOMP")) {
			reply.accept(CONNECTED);
		}
		else if (command.equals("SEND") && headersEnd >= 0) {
			String body = frame.substring(headersEnd + 2, frame.lastIndexOf('\0'));
			byte[] payload = body.getBytes(StandardCharsets.UTF_8);
			String headers = "MESSAGE\ndestination:" + header(head, "destination") + "\nsubscription:0\nmessage-id:"
					+ this.messageIds.incrementAndGet() + "\ncontent-type:application/json\ncontent-length:"
					+ payload.length + "\n\n";
			broadcast.accept((headers + body + "\0").getBytes(StandardCharsets.UTF_8));
		}
		String receipt = header(head, "receipt");
		if (!receipt.isEmpty()) {
			reply.accept("RECEIPT\nreceipt-id:" + receipt + "\n\n\0");
		}
	}

	private static String header(String head, String name) {
		return head.lines()
			.filter((line) -> line.startsWith(name + ":"))
			.map((line) -> line.substring(name.length() + 1))
			.findFirst()
			.orElse("");
	}

}
