package io.exp.server.bus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The frames of one broadcast, encoded once for all its subscribers
 * ({@link SharedFrameEncoder}), over raw sockets: each subscriber gets a frame whose
 * subscription header is its own, with its own message id, and otherwise the same bytes
 * as every other subscriber; the next broadcast never carries anything of the previous
 * one.
 */
class SharedFrameTests {

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
	void everySubscriberGetsTheBroadcastWithItsOwnSubscriptionAndMessageId() throws IOException {
		// "a:b" is escaped in the header ("a\cb"), which the shared encoding leaves to
		// the full one
		List<String> ids = List.of("0", "subscription-22", "a:b");
		List<RawStompSocket> listeners = new ArrayList<>();
		try (RawStompSocket sender = connect()) {
			for (String id : ids) {
				listeners.add(listener(id));
			}
			for (String name : List.of("first", "second-é")) {
				sender.send("SEND", Map.of("destination", "/app/broadcast", "content-type", "application/json"),
						"{\"channel\":\"" + EventBusTests.ORGANIZATION + "\",\"name\":\"" + name
								+ "\",\"payload\":{\"n\":" + name.length() + "}}");
				List<String> frames = new ArrayList<>();
				for (RawStompSocket listener : listeners) {
					frames.add(listener.read());
				}
				List<String> messageIds = new ArrayList<>();
				for (int i = 0; i < ids.size(); i++) {
					Map<String, String> headers = headers(frames.get(i));
					String body = body(frames.get(i));
					assertThat(frames.get(i)).startsWith("MESSAGE\n");
					assertThat(headers).containsEntry("subscription", ids.get(i).replace(":", "\\c"))
						.containsEntry("content-length",
								String.valueOf(body.getBytes(StandardCharsets.UTF_8).length - 1));
					assertThat(body).contains("\"name\":\"" + name + "\"").endsWith("}\0");
					messageIds.add(headers.get("message-id"));
					// the same bytes as the first subscriber's frame but for the two
					// headers of its own
					assertThat(frames.get(i)).isEqualTo(frames.get(0)
						.replace("\nsubscription:" + ids.get(0) + "\n",
								"\nsubscription:" + headers.get("subscription") + "\n")
						.replace("\nmessage-id:" + messageIds.get(0) + "\n",
								"\nmessage-id:" + headers.get("message-id") + "\n"));
				}
				assertThat(messageIds).doesNotHaveDuplicates();
			}
		}
		finally {
			for (RawStompSocket listener : listeners) {
				listener.close();
			}
		}
	}

	static Map<String, String> headers(String frame) {
		Map<String, String> headers = new LinkedHashMap<>();
		String head = frame.substring(frame.indexOf('\n') + 1, frame.indexOf("\n\n"));
		for (String line : head.split("\n")) {
			headers.putIfAbsent(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1));
		}
		return headers;
	}

	static String body(String frame) {
		return frame.substring(frame.indexOf("\n\n") + 2);
	}

	static RawStompSocket connect() throws IOException {
		return RawStompSocket.connect(server.getPort(), server.getBean(TokenService.class).issue(JOE));
	}

	static RawStompSocket listener(String id) throws IOException {
		RawStompSocket socket = connect();
		socket.send("SUBSCRIBE", Map.of("id", id, "destination", TOPIC, "receipt", "subscribed"), "");
		assertThat(socket.read()).startsWith("RECEIPT");
		return socket;
	}

}
