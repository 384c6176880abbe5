package io.exp.server.socketio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.exp.server.ExpServer;
import io.exp.server.RawHttp;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.ChannelId;
import io.exp.server.bus.StompTestClient;
import io.exp.server.bus.StompTestClient.Connection;
import io.exp.server.fixture.DefaultFixture;
import io.exp.server.socketio.PollingSocketIoClient.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What one socket.io client may hold: connections per identity, the size of what it
 * posts, and what waits for it when it stops polling.
 */
class SocketIoLimitsTests {

	static final Identity DEVICE_1 = new Identity(DefaultFixture.DEVICE_1, "device", "exp", null);

	static final Identity JOE = SocketIoBridgeTests.JOE;

	private static ExpServer server;

	private static StompTestClient stomp;

	@BeforeAll
	static void start() {
		server = ExpServer.builder()
			.property("exp.server.socketio.enabled", true)
			.property("exp.server.bus.max-connections-per-identity", 2)
			.property("exp.server.bus.max-message-size", 1024)
			.property("exp.server.bus.send-buffer-size-limit", 8192)
			.property("exp.server.bus.max-subscriptions", 2)
			.start();
		stomp = new StompTestClient(server.getPort());
	}

	@AfterAll
	static void stop() {
		stomp.close();
		server.close();
	}

	@Test
	void socketIoIsServedByDefaultAndNotWhenDisabled() {
		try (ExpServer byDefault = ExpServer.builder().start();
				ExpServer disabled = ExpServer.builder().property("exp.server.socketio.enabled", false).start()) {
			assertThat(handshakeAndBroadcastStatus(byDefault)).containsExactly(200, 400);
			assertThat(handshakeAndBroadcastStatus(disabled)).containsExactly(404, 404);
		}
	}

	private static List<Integer> handshakeAndBroadcastStatus(ExpServer server) {
		String token = server.getBean(TokenService.class).issue(DEVICE_1);
		RawHttp http = new RawHttp(server.getPort());
		return List.of(http.send("GET", "/socket.io/?EIO=3&transport=polling&token=" + token).status(),
				http.sendWithBody("POST", "/api/networks/current/broadcasts", "{}", "Authorization: Bearer " + token)
					.status());
	}

	@Test
	void pollsAreOpenToOtherOriginsOnlyAsTheApiIs() {
		String handshake = "/socket.io/?EIO=3&transport=polling&token=" + token(DEVICE_1);
		assertThat(new RawHttp(server.getPort()).send("GET", handshake, "Origin: https://app.example").headers())
			.as("by default")
			.doesNotContainKey("access-control-allow-origin");
		try (ExpServer allowing = ExpServer.builder()
			.property("exp.server.socketio.enabled", true)
			.property("exp.server.cors.allowed-origins", "https://app.example")
			.start()) {
			String token = allowing.getBean(TokenService.class).issue(DEVICE_1);
			RawHttp http = new RawHttp(allowing.getPort());
			String allowed = "/socket.io/?EIO=3&transport=polling&token=" + token;
			assertThat(http.send("GET", allowed, "Origin: https://app.example").header("Access-Control-Allow-Origin"))
				.isEqualTo("https://app.example");
			assertThat(http.send("GET", allowed, "Origin: https://elsewhere.example").headers())
				.doesNotContainKey("access-control-allow-origin");
		}
	}

	@Test
	void aMalformedPollingQueryIsA400() {
		String token = server.getBean(TokenService.class).issue(DEVICE_1);
		assertThat(new RawHttp(server.getPort())
			.send("GET", "/socket.io/?EIO=3&transport=polling&transport=polling&token=" + token)
			.status()).isEqualTo(400);
	}

	static PollingSocketIoClient connect() throws Exception {
		return connect(DEVICE_1);
	}

	static PollingSocketIoClient connect(Identity identity) throws Exception {
		return PollingSocketIoClient.connect(server.getPort(), token(identity));
	}

	static String token(Identity identity) {
		return server.getBean(TokenService.class).issue(identity);
	}

	static void subscribe(PollingSocketIoClient client, ChannelId channel) throws Exception {
		assertThat(client.next("connect", 10)).isNotNull();
		client.emit("subscribe", List.of(SocketIoBridgeTests.sdkId(channel)));
		assertThat(client.next("subscribed", 10)).isNotNull();
	}

	/**
	 * Broadcasts of about {@code size} bytes, each sent once the client that keeps
	 * polling received the one before, within seconds: its own queue stays short, and a
	 * publisher held up by another client shows as a missing broadcast.
	 */
	static void flood(Connection flooder, ChannelId channel, int broadcasts, int size, PollingSocketIoClient live)
			throws InterruptedException {
		String payload = "x".repeat(size);
		for (int i = 0; i < broadcasts; i++) {
			flooder.send("/app/broadcast",
					Map.of("channel", channel.encode(), "name", "flood", "payload", Map.of("n", i, "x", payload)));
			Event broadcast = live.next("broadcast", 10);
			assertThat(broadcast).as("broadcast %d to the client that keeps polling", i).isNotNull();
			assertThat(SocketIoBridgeTests.data(broadcast)).extractingByKey("payload")
				.isEqualTo(Map.of("n", i, "x", payload));
		}
	}

	@Test
	void aPollerThatStopsPollingIsClosedOnceMoreThanTheSendBufferWaitsWhileOthersKeepReceiving() throws Exception {
		ChannelId channel = new ChannelId("exp", "flooded", false, false);
		SocketIoBridge bridge = server.getBean(SocketIoBridge.class);
		int broadcasts = 60;
		try (PollingSocketIoClient stalled = connect(DEVICE_1);
				PollingSocketIoClient live = connect(JOE);
				Connection flooder = stomp.connect(token(JOE))) {
			subscribe(stalled, channel);
			subscribe(live, channel);
			stalled.stopPolling();
			flood(flooder, channel, broadcasts, 700, live);
			await().untilAsserted(() -> assertThat(bridge.listenerCount(channel.encode())).isOne());
			assertThat(bridge.connectionCount(DEVICE_1)).isZero();
			stalled.resumePolling();
			assertThat(stalled.next("transport.closed", 10)).as("told it is closed when it polls again").isNotNull();
		}
	}

	@Test
	void aConnectionPastTheCapOfItsIdentityIsRefusedAndClosed() throws Exception {
		SocketIoBridge bridge = server.getBean(SocketIoBridge.class);
		try (PollingSocketIoClient first = connect(); PollingSocketIoClient second = connect()) {
			assertThat(first.next("connect", 10)).isNotNull();
			assertThat(second.next("connect", 10)).isNotNull();
			assertThat(bridge.connectionCount(DEVICE_1)).isEqualTo(2);
			try (PollingSocketIoClient third = connect()) {
				Event refused = third.next("refused", 10);
				assertThat(refused).as("refused").isNotNull();
				assertThat(refused.data().toString()).contains("limit.connections");
				assertThat(third.next("transport.closed", 10)).as("closed").isNotNull();
			}
			assertThat(bridge.connectionCount(DEVICE_1)).isEqualTo(2);
		}
		await().untilAsserted(() -> assertThat(bridge.connectionCount(DEVICE_1)).isZero());
		try (PollingSocketIoClient again = connect()) {
			assertThat(again.next("connect", 10)).as("room again after closing").isNotNull();
		}
	}

	@Test
	void aSubscriptionPastTheCapOfItsConnectionIsRefused() throws Exception {
		List<String> channels = List.of("one", "two", "three")
			.stream()
			.map((name) -> SocketIoBridgeTests.sdkId(new ChannelId("exp", name, false, false)))
			.toList();
		try (PollingSocketIoClient client = connect()) {
			assertThat(client.next("connect", 10)).isNotNull();
			client.emit("subscribe", channels);
			assertThat(client.next("refused", 10).data().toString()).contains("limit.subscriptions")
				.contains(channels.get(2));
			assertThat(client.next("subscribed", 10)).extracting(Event::data).isEqualTo(channels.subList(0, 2));
		}
	}

	@Test
	void aWebSocketMessageLargerThanTheMessageSizeLimitClosesTheConnection() throws Exception {
		BlockingQueue<Integer> closed = new LinkedBlockingQueue<>();
		WebSocket socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + server.getPort() + "/socket.io/?EIO=3&transport=websocket&token="
					+ token(DEVICE_1)), new WebSocket.Listener() {

						@Override
						public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
							closed.add(statusCode);
							return null;
						}

					})
			.get(10, TimeUnit.SECONDS);
		socket.sendText("42[\"subscribe\",\"" + "x".repeat(2048) + "\"]", true);
		// the container closes with 1009 (message too big); a client that loses the race
		// with the dropped
		// connection sees 1006 (closed without a close frame)
		assertThat(closed.poll(10, TimeUnit.SECONDS)).as("closed").isIn(1009, 1006);
	}

	@Test
	void aPollingPostLargerThanTheMessageSizeLimitIsRefused() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create(
						"http://localhost:" + server.getPort() + "/socket.io/?EIO=3&transport=polling&sid=whatever"))
				.header("Content-Type", "text/plain;charset=UTF-8")
				.POST(HttpRequest.BodyPublishers.ofString("x".repeat(2048)))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(413);
	}

}
