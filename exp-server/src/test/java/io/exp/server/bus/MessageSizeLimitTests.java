package io.exp.server.bus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code exp.server.bus.max-message-size} over raw sockets, while connections keep
 * receive buffers far smaller than it (the server takes WebSocket messages in parts): a
 * frame of exactly the limit arrives, a larger one is refused with an {@code ERROR}
 * frame, and a frame cut inside a multi-byte character arrives whole.
 */
@ExtendWith(OutputCaptureExtension.class)
class MessageSizeLimitTests {

	/** The default limit, 32 KiB. */
	static final int LIMIT = new EventBusProperties().getMaxMessageSize();

	static final Identity JOE = EventBusTests.JOE;

	static final String TOPIC = "/topic/channel." + EventBusTests.ORGANIZATION;

	private static ExpServer server;

	@BeforeAll
	static void start() {
		server = ExpServer.builder().start();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void aFrameOfExactlyTheLimitIsDelivered() throws IOException {
		try (RawStompSocket listener = listener(); RawStompSocket sender = connect()) {
			String frame = broadcastOfSize("limit", LIMIT);
			sender.send(frame);
			assertThat(listener.read()).startsWith("MESSAGE").contains("\"name\":\"limit\"").contains(padding(frame));
		}
	}

	@Test
	void aFrameOneByteOverTheLimitIsRefusedWithAnErrorFrame() throws IOException {
		try (RawStompSocket listener = listener(); RawStompSocket sender = connect()) {
			sender.send(broadcastOfSize("over", LIMIT + 1));
			assertThat(sender.readUntilClosed()).startsWith("ERROR").contains(String.valueOf(LIMIT));
			try (RawStompSocket next = connect()) {
				next.send(broadcastOfSize("marker", 200));
				assertThat(listener.read()).startsWith("MESSAGE").contains("\"name\":\"marker\"");
			}
		}
	}

	@Test
	void aFrameManyTimesTheLimitIsRefusedOnce(CapturedOutput output) throws IOException {
		try (RawStompSocket sender = connect()) {
			sender.send(broadcastOfSize("huge", 20 * LIMIT));
			String seen = sender.readUntilClosed();
			assertThat(seen).startsWith("ERROR");
			assertThat(seen.split("ERROR", -1)).hasSize(2);
		}
		// the parts after the refusal are dropped, not refused (and logged) again one by
		// one
		assertThat(output.getOut().split("Failed to parse", -1)).hasSize(2);
	}

	@Test
	void aFrameCutInsideMultiByteCharactersArrivesWhole() throws IOException {
		String text = "é€😀".repeat(400);
		String frame = "SEND\ndestination:/app/broadcast\ncontent-type:application/json\n\n{\"channel\":\""
				+ EventBusTests.ORGANIZATION + "\",\"name\":\"utf8\",\"payload\":\"" + text + "\"}\0";
		byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
		int offset = frame.substring(0, frame.indexOf(text)).getBytes(StandardCharsets.UTF_8).length;
		assertThat(bytes.length).isGreaterThan(2 * PartialMessages.BUFFER_SIZE).isLessThan(LIMIT);
		try (RawStompSocket listener = listener(); RawStompSocket sender = connect()) {
			// inside 'é' (2 bytes), inside '€' (3 bytes), inside '😀' (4 bytes, two
			// chars), and deep in the message
			sender.sendInFragments(frame, offset + 1, offset + 4, offset + 7, offset + 1500 + 2);
			assertThat(listener.read()).startsWith("MESSAGE").contains("\"payload\":\"" + text + "\"");
		}
	}

	/**
	 * A SEND of a broadcast whose whole frame, closing NUL included, is the given number
	 * of UTF-8 bytes.
	 */
	static String broadcastOfSize(String name, int size) {
		String head = "SEND\ndestination:/app/broadcast\ncontent-type:application/json\n\n{\"channel\":\""
				+ EventBusTests.ORGANIZATION + "\",\"name\":\"" + name + "\",\"payload\":\"";
		String tail = "\"}\0";
		String frame = head + "x".repeat(size - head.length() - tail.length()) + tail;
		assertThat(frame.getBytes(StandardCharsets.UTF_8)).hasSize(size);
		return frame;
	}

	static String padding(String frame) {
		return frame.substring(frame.indexOf("xxx"), frame.lastIndexOf('x') + 1);
	}

	static RawStompSocket connect() throws IOException {
		return RawStompSocket.connect(server.getPort(), server.getBean(TokenService.class).issue(JOE));
	}

	static RawStompSocket listener() throws IOException {
		RawStompSocket socket = connect();
		socket.send("SUBSCRIBE", Map.of("id", "0", "destination", TOPIC, "receipt", "subscribed"), "");
		assertThat(socket.read()).startsWith("RECEIPT");
		return socket;
	}

}
