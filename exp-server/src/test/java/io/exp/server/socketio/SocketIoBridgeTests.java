package io.exp.server.socketio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.ChannelId;
import io.exp.server.bus.EventBusProperties;
import io.exp.server.bus.StompTestClient;
import io.exp.server.bus.StompTestClient.Connection;
import io.exp.server.fixture.DefaultFixture;
import io.exp.server.socketio.PollingSocketIoClient.Event;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.simp.SimpMessagingTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * socket.io 1.x clients (Engine.IO 3 long-polling, as the original SDKs connect) on a
 * real server, beside STOMP clients on the same channels.
 */
class SocketIoBridgeTests {

	static final Identity JOE = new Identity("u1000000-0000-4000-8000-000000000001", "user", "exp", "joe@example.com");

	static final Identity DEVICE_1 = new Identity(DefaultFixture.DEVICE_1, "device", "exp", null);

	static final Identity ANN = new Identity("u2000000-0000-4000-8000-000000000001", "user", "acme", "ann@example.com");

	static final Identity CONSUMER = new Identity(DefaultFixture.CONSUMER_APP, "consumerApp", "exp", null);

	static final ChannelId ORGANIZATION = new ChannelId("exp", "organization", false, false);

	static final ChannelId ACME_ORGANIZATION = new ChannelId("acme", "organization", false, false);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static ExpServer server;

	private static StompTestClient stomp;

	@BeforeAll
	static void start() {
		server = ExpServer.builder().property("exp.server.socketio.enabled", true).start();
		stomp = new StompTestClient(server.getPort());
	}

	@AfterAll
	static void stop() {
		stomp.close();
		server.close();
	}

	/** As the SDKs spell a channel id: standard, padded base64 of the JSON array. */
	static String sdkId(ChannelId channel) {
		String array = "[\"" + channel.organization() + "\",\"" + channel.name() + "\"," + (channel.system() ? 1 : 0)
				+ "," + (channel.consumer() ? 1 : 0) + "]";
		return Base64.getEncoder().encodeToString(array.getBytes(StandardCharsets.UTF_8));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> data(Event event) {
		return (Map<String, Object>) event.data();
	}

	static String token(Identity identity) {
		return server.getBean(TokenService.class).issue(identity);
	}

	static PollingSocketIoClient socketIo(Identity identity) throws Exception {
		PollingSocketIoClient client = PollingSocketIoClient.connect(server.getPort(), token(identity));
		assertThat(client.next("connect", 10)).as("connected to /").isNotNull();
		return client;
	}

	static void subscribe(PollingSocketIoClient client, ChannelId channel) throws Exception {
		client.emit("subscribe", List.of(sdkId(channel)));
		assertThat(client.next("subscribed", 10)).extracting(Event::data).isEqualTo(List.of(sdkId(channel)));
	}

	static void stompSubscribed(Connection connection) throws InterruptedException {
		BlockingQueue<Map<String, Object>> errors = connection.errorQueue();
		connection.sendRaw("/app/broadcast", "ping");
		assertThat(errors.poll(10, TimeUnit.SECONDS)).as("round trip").isNotNull();
	}

	static CompletableFuture<HttpResponse<String>> post(Identity identity, String path, Map<String, Object> body) {
		return postTo(server.getUrl(), token(identity), path, body);
	}

	static CompletableFuture<HttpResponse<String>> postTo(String url, String token, String path,
			Map<String, Object> body) {
		return HttpClient.newHttpClient()
			.sendAsync(HttpRequest.newBuilder(URI.create(url + path))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void sdkChannelIdsAreTheBusIdsInStandardBase64() {
		assertThat(sdkId(ORGANIZATION)).isEqualTo("WyJleHAiLCJvcmdhbml6YXRpb24iLDAsMF0=");
		assertThat(SdkChannelIds.toBus(sdkId(ORGANIZATION))).isEqualTo(ORGANIZATION.encode());
		assertThat(SdkChannelIds.toSdk(ORGANIZATION.encode())).isEqualTo(sdkId(ORGANIZATION));
	}

	@Test
	void aSocketIoClientHearsAStompBroadcastOnItsOrganizationsChannel() throws Exception {
		try (PollingSocketIoClient device = socketIo(DEVICE_1); Connection joe = stomp.connect(token(JOE))) {
			subscribe(device, ORGANIZATION);
			joe.send("/app/broadcast",
					Map.of("channel", ORGANIZATION.encode(), "name", "Hi!", "payload", Map.of("n", 1), "id", "b1"));
			Event broadcast = device.next("broadcast", 10);
			assertThat(broadcast).as("broadcast").isNotNull();
			assertThat(data(broadcast)).containsEntry("type", "broadcast")
				.containsEntry("id", "b1")
				.containsEntry("channel", sdkId(ORGANIZATION))
				.containsEntry("name", "Hi!")
				.containsEntry("payload", Map.of("n", 1))
				.containsEntry("sender", Map.of("uuid", JOE.uuid(), "type", "user"));
		}
	}

	@Test
	void aSocketIoClientOfAnotherOrganizationDoesNotHearIt() throws Exception {
		try (PollingSocketIoClient ann = socketIo(ANN)) {
			subscribe(ann, ACME_ORGANIZATION);
			SimpMessagingTemplate messaging = server.getBean("brokerMessagingTemplate", SimpMessagingTemplate.class);
			messaging.convertAndSend("/topic/channel." + ORGANIZATION.encode(),
					(Object) Map.of("type", "broadcast", "channel", ORGANIZATION.encode(), "name", "Secret"));
			messaging.convertAndSend("/topic/channel." + ACME_ORGANIZATION.encode(),
					(Object) Map.of("type", "broadcast", "channel", ACME_ORGANIZATION.encode(), "name", "Marker"));
			Event first = ann.next("broadcast", 10);
			assertThat(first).as("the marker").isNotNull();
			assertThat(data(first)).containsEntry("name", "Marker").containsEntry("channel", sdkId(ACME_ORGANIZATION));
		}
	}

	@Test
	void aSubscriptionToAnotherOrganizationsChannelIsRefused() throws Exception {
		try (PollingSocketIoClient ann = socketIo(ANN)) {
			ann.emit("subscribe", List.of(sdkId(ORGANIZATION)));
			Event refused = ann.next("refused", 10);
			assertThat(refused).as("refused").isNotNull();
			assertThat(data(refused)).containsEntry("channel", sdkId(ORGANIZATION));
			assertThat(refused.data().toString()).contains("channel.forbidden");
			assertThat(ann.next("subscribed", 10)).extracting(Event::data).isEqualTo(List.of());
			assertThat(server.getBean(SocketIoBridge.class).listenerCount(ORGANIZATION.encode())).isZero();
		}
	}

	@Test
	void aConsumerAppMayOnlySubscribeToConsumerChannels() throws Exception {
		ChannelId consumerChannel = new ChannelId("exp", "organization", false, true);
		try (PollingSocketIoClient app = socketIo(CONSUMER)) {
			app.emit("subscribe", List.of(sdkId(ORGANIZATION), sdkId(consumerChannel)));
			assertThat(app.next("refused", 10).data().toString()).contains("channel.forbidden");
			assertThat(app.next("subscribed", 10)).extracting(Event::data).isEqualTo(List.of(sdkId(consumerChannel)));
		}
	}

	@Test
	void aHandshakeWithoutAValidTokenIsRefused() throws Exception {
		assertThat(PollingSocketIoClient.handshakeStatus(server.getPort(), "EIO=3&transport=polling")).isEqualTo(400);
		assertThat(PollingSocketIoClient.handshakeStatus(server.getPort(), "EIO=3&transport=polling&token=forged"))
			.isEqualTo(400);
		assertThatIllegalStateException().isThrownBy(() -> PollingSocketIoClient.connect(server.getPort(), "x.y.z"));
	}

	@Test
	void aPostedBroadcastReachesStompAndSocketIoListenersStampedWithItsSender() throws Exception {
		try (Connection device = stomp.connect(token(DEVICE_1)); PollingSocketIoClient listener = socketIo(DEVICE_1)) {
			BlockingQueue<Map<String, Object>> stompGets = device.subscribe("/topic/channel." + ORGANIZATION.encode());
			stompSubscribed(device);
			subscribe(listener, ORGANIZATION);
			HttpResponse<String> response = post(JOE, "/api/networks/current/broadcasts",
					Map.of("name", "Hi!", "channel", sdkId(ORGANIZATION), "payload", Map.of("n", 2), "sender",
							Map.of("uuid", "forged", "type", "user")))
				.get(10, TimeUnit.SECONDS);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("[]");
			Map<String, Object> heard = stompGets.poll(10, TimeUnit.SECONDS);
			assertThat(heard).containsEntry("type", "broadcast")
				.containsEntry("channel", ORGANIZATION.encode())
				.containsEntry("name", "Hi!")
				.containsEntry("payload", Map.of("n", 2))
				.containsEntry("sender", Map.of("uuid", JOE.uuid(), "type", "user"))
				.containsKey("id");
			Event broadcast = listener.next("broadcast", 10);
			assertThat(broadcast).as("socket.io broadcast").isNotNull();
			assertThat(data(broadcast)).containsEntry("channel", sdkId(ORGANIZATION))
				.containsEntry("id", heard.get("id"));
		}
	}

	@Test
	void aPostedBroadcastAnswersWithTheResponsesPostedWithinItsTimeout() throws Exception {
		try (PollingSocketIoClient device = socketIo(DEVICE_1)) {
			subscribe(device, ORGANIZATION);
			CompletableFuture<HttpResponse<String>> broadcast = post(JOE,
					"/api/networks/current/broadcasts?timeout=1500",
					Map.of("name", "getSomething", "channel", sdkId(ORGANIZATION)));
			Map<String, Object> heard = data(device.next("broadcast", 10));
			HttpResponse<String> responded = post(DEVICE_1, "/api/networks/current/responses",
					Map.of("id", heard.get("id"), "channel", heard.get("channel"), "payload", Map.of("answer", 42)))
				.get(10, TimeUnit.SECONDS);
			assertThat(responded.statusCode()).isEqualTo(200);
			HttpResponse<String> response = broadcast.get(10, TimeUnit.SECONDS);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json.readValue(response.body(), List.class)).isEqualTo(List.of(Map.of("answer", 42)));
		}
	}

	@Test
	void aPostedBroadcastWhoseTimeoutIsNotANumberIsSentAndAnsweredAtOnce() throws Exception {
		// the SDK's channel.broadcast(name, payload) without a timeout sends
		// ?timeout=undefined
		try (PollingSocketIoClient device = socketIo(DEVICE_1)) {
			subscribe(device, ORGANIZATION);
			HttpResponse<String> response = post(JOE, "/api/networks/current/broadcasts?timeout=undefined",
					Map.of("name", "Hi!", "channel", sdkId(ORGANIZATION)))
				.get(10, TimeUnit.SECONDS);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("[]");
			assertThat(device.next("broadcast", 10)).as("sent").isNotNull();
		}
	}

	@Test
	void aResponsePostedToAStompBroadcastReachesTheStompBroadcaster() throws Exception {
		try (Connection joe = stomp.connect(token(JOE)); PollingSocketIoClient device = socketIo(DEVICE_1)) {
			BlockingQueue<Map<String, Object>> responses = joe.subscribe("/user/queue/responses");
			stompSubscribed(joe);
			subscribe(device, ORGANIZATION);
			joe.send("/app/broadcast", Map.of("channel", ORGANIZATION.encode(), "name", "getStatus", "id", "b42"));
			Map<String, Object> heard = data(device.next("broadcast", 10));
			assertThat(post(DEVICE_1, "/api/networks/current/responses",
					Map.of("id", heard.get("id"), "channel", heard.get("channel"), "payload", "fine"))
				.get(10, TimeUnit.SECONDS)
				.statusCode()).isEqualTo(200);
			assertThat(responses.poll(10, TimeUnit.SECONDS)).containsEntry("type", "response")
				.containsEntry("id", "b42")
				.containsEntry("channel", ORGANIZATION.encode())
				.containsEntry("payload", "fine")
				.containsEntry("sender", Map.of("uuid", DEVICE_1.uuid(), "type", "device"));
			assertThat(post(DEVICE_1, "/api/networks/current/responses",
					Map.of("id", "not-b42", "channel", heard.get("channel"), "payload", "forged"))
				.get(10, TimeUnit.SECONDS)
				.statusCode()).isEqualTo(200);
			assertThat(post(ANN, "/api/networks/current/responses",
					Map.of("id", "b42", "channel", heard.get("channel"), "payload", "forged"))
				.get(10, TimeUnit.SECONDS)
				.statusCode()).isEqualTo(403);
			assertThat(responses.poll(1, TimeUnit.SECONDS)).isNull();
		}
	}

	@Test
	void aStompResponseToAPostedBroadcastIsAmongTheResponsesItsPosterGets() throws Exception {
		try (Connection device = stomp.connect(token(DEVICE_1))) {
			BlockingQueue<Map<String, Object>> heard = device.subscribe("/topic/channel." + ORGANIZATION.encode());
			stompSubscribed(device);
			CompletableFuture<HttpResponse<String>> broadcast = post(JOE,
					"/api/networks/current/broadcasts?timeout=3000",
					Map.of("name", "getStatus", "channel", sdkId(ORGANIZATION)));
			Map<String, Object> ping = heard.poll(10, TimeUnit.SECONDS);
			assertThat(ping).as("the posted broadcast over STOMP").isNotNull();
			// addressed to someone else: not the poster's
			device.send("/app/response", Map.of("id", ping.get("id"), "channel", ORGANIZATION.encode(), "payload",
					"misaddressed", "target", Map.of("uuid", DEVICE_1.uuid())));
			device.send("/app/response", Map.of("id", ping.get("id"), "channel", ORGANIZATION.encode(), "payload",
					Map.of("status", "fine"), "target", Map.of("uuid", JOE.uuid())));
			HttpResponse<String> response = broadcast.get(10, TimeUnit.SECONDS);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json.readValue(response.body(), List.class)).isEqualTo(List.of(Map.of("status", "fine")));
		}
	}

	@Test
	void aStompRequestToADeviceConnectedOnlyOverSocketIoIsAnsweredTargetOfflineAtOnce() throws Exception {
		// the original SDKs answer broadcasts only: a request addressed to one of them
		// has no one to answer it
		try (PollingSocketIoClient device = socketIo(DEVICE_1); Connection joe = stomp.connect(token(JOE))) {
			subscribe(device, ORGANIZATION);
			BlockingQueue<Map<String, Object>> responses = joe.subscribe("/user/queue/responses");
			stompSubscribed(joe);
			joe.send("/app/request", Map.of("id", "r1", "channel", ORGANIZATION.encode(), "name", "getStatus", "target",
					Map.of("device", DEVICE_1.uuid())));
			assertThat(responses.poll(2, TimeUnit.SECONDS)).as("the answer")
				.containsEntry("id", "r1")
				.extractingByKey("error")
				.asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("code", "target.offline");
			assertThat(device.next("request", 1)).as("nothing reaches the SDK").isNull();
		}
	}

	@Test
	void aPostedBroadcastLargerThanTheBusMessageLimitIsRefused() throws Exception {
		int limit = server.getBean(EventBusProperties.class).getMaxMessageSize();
		HttpResponse<String> response = post(JOE, "/api/networks/current/broadcasts",
				Map.of("name", "big", "channel", sdkId(ORGANIZATION), "payload", "x".repeat(limit)))
			.get(10, TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(json.readValue(response.body(), Map.class)).containsEntry("code", "message.tooLarge");
		assertThat(post(DEVICE_1, "/api/networks/current/responses",
				Map.of("id", "b1", "channel", sdkId(ORGANIZATION), "payload", "x".repeat(limit)))
			.get(10, TimeUnit.SECONDS)
			.statusCode()).isEqualTo(413);
	}

	@Test
	void aPostedBroadcastIsCheckedLikeAStompOne() throws Exception {
		ChannelId system = new ChannelId("exp", "system", true, false);
		assertThat(post(JOE, "/api/networks/current/broadcasts", Map.of("name", "x", "channel", sdkId(system)))
			.get(10, TimeUnit.SECONDS)
			.statusCode()).isEqualTo(403);
		assertThat(post(ANN, "/api/networks/current/broadcasts", Map.of("name", "x", "channel", sdkId(ORGANIZATION)))
			.get(10, TimeUnit.SECONDS)
			.statusCode()).isEqualTo(403);
		assertThat(
				post(CONSUMER, "/api/networks/current/broadcasts", Map.of("name", "x", "channel", sdkId(ORGANIZATION)))
					.get(10, TimeUnit.SECONDS)
					.statusCode())
			.isEqualTo(403);
		assertThat(post(JOE, "/api/networks/current/broadcasts", Map.of("name", "x", "channel", "not base64!"))
			.get(10, TimeUnit.SECONDS)
			.statusCode()).isEqualTo(400);
	}

	@Test
	void aResponsePostedOnASystemChannelIsRefusedAsOverStomp() throws Exception {
		ChannelId system = new ChannelId("exp", "system", true, false);
		assertThat(post(DEVICE_1, "/api/networks/current/responses",
				Map.of("id", "b1", "channel", sdkId(system), "payload", "forged"))
			.get(10, TimeUnit.SECONDS)
			.statusCode()).isEqualTo(403);
	}

	@Test
	void aPairingDeviceMaySubscribeToNoChannelOfAnOrganization() throws Exception {
		Identity pairing = new Identity("d9000000-0000-4000-8000-000000000099", "device", "", null);
		try (PollingSocketIoClient device = socketIo(pairing)) {
			device.emit("subscribe", List.of(sdkId(ORGANIZATION)));
			assertThat(device.next("refused", 10).data().toString()).contains("channel.forbidden");
			assertThat(device.next("subscribed", 10)).extracting(Event::data).isEqualTo(List.of());
		}
	}

	@Test
	void aWebSocketClientConnectsSubscribesAndHearsBroadcasts() throws Exception {
		BlockingQueue<String> packets = new LinkedBlockingQueue<>();
		WebSocket socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + server.getPort() + "/socket.io/?EIO=3&transport=websocket&token="
					+ token(DEVICE_1)), new WebSocket.Listener() {

						@Override
						public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
							packets.add(data.toString());
							webSocket.request(1);
							return null;
						}

					})
			.get(10, TimeUnit.SECONDS);
		try {
			assertThat(packets.poll(10, TimeUnit.SECONDS)).startsWith("0{");
			assertThat(packets.poll(10, TimeUnit.SECONDS)).startsWith("40");
			socket.sendText("42" + json.writeValueAsString(List.of("subscribe", List.of(sdkId(ORGANIZATION)))), true)
				.get(10, TimeUnit.SECONDS);
			assertThat(packets.poll(10, TimeUnit.SECONDS))
				.isEqualTo("42" + json.writeValueAsString(List.of("subscribed", List.of(sdkId(ORGANIZATION)))));
			server.getBean("brokerMessagingTemplate", SimpMessagingTemplate.class)
				.convertAndSend("/topic/channel." + ORGANIZATION.encode(),
						(Object) Map.of("type", "broadcast", "channel", ORGANIZATION.encode(), "name", "Hi!"));
			List<?> event = json.readValue(packets.poll(10, TimeUnit.SECONDS).substring(2), List.class);
			assertThat(event.get(0)).isEqualTo("broadcast");
			assertThat(json.convertValue(event.get(1), Map.class)).containsEntry("name", "Hi!")
				.containsEntry("channel", sdkId(ORGANIZATION));
			socket.sendText("2", true).get(10, TimeUnit.SECONDS);
			assertThat(packets.poll(10, TimeUnit.SECONDS)).isEqualTo("3");
		}
		finally {
			socket.abort();
		}
	}

	@Test
	void aWebSocketHandshakeWithoutAValidTokenIsClosed() throws Exception {
		BlockingQueue<String> events = new LinkedBlockingQueue<>();
		HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create(
					"ws://localhost:" + server.getPort() + "/socket.io/?EIO=3&transport=websocket" + "&token=forged"),
					new WebSocket.Listener() {

						@Override
						public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
							events.add(data.toString());
							return null;
						}

						@Override
						public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
							events.add("closed");
							return null;
						}

					})
			.get(10, TimeUnit.SECONDS);
		assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("closed");
	}

	@Test
	void aClosedClientIsForgotten() throws Exception {
		ChannelId channel = new ChannelId("exp", "forgotten", false, false);
		PollingSocketIoClient device = socketIo(DEVICE_1);
		subscribe(device, channel);
		assertThat(server.getBean(SocketIoBridge.class).listenerCount(channel.encode())).isOne();
		device.close();
		await().untilAsserted(
				() -> assertThat(server.getBean(SocketIoBridge.class).listenerCount(channel.encode())).isZero());
	}

}
