package io.exp.server.bus;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.exp.server.ExpServer;
import io.exp.server.ServerClient;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.StompTestClient.Connection;
import io.exp.server.fixture.DefaultFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.messaging.support.ExecutorSubscribableChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventBusTests {

	static final Identity JOE = new Identity("u1000000-0000-4000-8000-000000000001", "user", "exp", "joe@example.com");

	static final Identity DEVICE_1 = new Identity(DefaultFixture.DEVICE_1, "device", "exp", null);

	static final Identity DEVICE_2 = new Identity(DefaultFixture.DEVICE_2, "device", "exp", null);

	static final Identity ANN = new Identity("u2000000-0000-4000-8000-000000000001", "user", "acme", "ann@example.com");

	static final Identity CONSUMER = new Identity(DefaultFixture.CONSUMER_APP, "consumerApp", "exp", null);

	static final String ORGANIZATION = channel("exp", "organization", false, false);

	private static ExpServer server;

	private static StompTestClient stomp;

	@BeforeAll
	static void start() {
		server = ExpServer.builder().property("exp.server.bus.max-message-size", 16 * 1024).start();
		stomp = new StompTestClient(server.getPort());
	}

	@AfterAll
	static void stop() {
		stomp.close();
		server.close();
	}

	static String channel(String organization, String name, boolean system, boolean consumer) {
		return new ChannelId(organization, name, system, consumer).encode();
	}

	static Connection connect(Identity identity) {
		return stomp.connect(server.getBean(TokenService.class).issue(identity));
	}

	@Test
	void framesAreReadOnTheConnectionsThreadAndQueuedOnThePublishersThread() {
		ExecutorSubscribableChannel inbound = server.getBean("clientInboundChannel", ExecutorSubscribableChannel.class);
		ExecutorSubscribableChannel outbound = server.getBean("clientOutboundChannel",
				ExecutorSubscribableChannel.class);
		assertThat(inbound.getExecutor()).isInstanceOf(SyncTaskExecutor.class);
		assertThat(outbound.getExecutor()).isInstanceOf(SyncTaskExecutor.class);
	}

	@Test
	void channelIdIsBase64UrlOfTheJsonArray() {
		assertThat(ORGANIZATION).isEqualTo("WyJleHAiLCJvcmdhbml6YXRpb24iLDAsMF0");
		assertThat(ChannelId.decode(ORGANIZATION)).isEqualTo(new ChannelId("exp", "organization", false, false));
	}

	@Test
	void broadcastReachesEveryListenerOfTheChannelAndNobodyElse() throws Exception {
		try (Connection joe = connect(JOE);
				Connection device = connect(DEVICE_1);
				Connection other = connect(DEVICE_2);
				Connection ann = connect(ANN)) {
			BlockingQueue<Map<String, Object>> joeGets = joe.subscribe("/topic/channel." + ORGANIZATION);
			BlockingQueue<Map<String, Object>> deviceGets = device.subscribe("/topic/channel." + ORGANIZATION);
			BlockingQueue<Map<String, Object>> otherChannel = other
				.subscribe("/topic/channel." + channel("exp", "elsewhere", false, false));
			BlockingQueue<Map<String, Object>> annGets = ann
				.subscribe("/topic/channel." + channel("acme", "organization", false, false));
			subscribed(joe, device, other, ann);
			joe.send("/app/broadcast", Map.of("channel", ORGANIZATION, "name", "Hi!", "payload", Map.of("n", 1)));
			Map<String, Object> received = deviceGets.poll(10, TimeUnit.SECONDS);
			assertThat(received).containsEntry("type", "broadcast")
				.containsEntry("name", "Hi!")
				.containsEntry("payload", Map.of("n", 1))
				.containsEntry("sender", Map.of("uuid", JOE.uuid(), "type", "user"));
			assertThat(joeGets.poll(10, TimeUnit.SECONDS)).containsEntry("name", "Hi!");
			joe.send("/app/broadcast", Map.of("channel", channel("exp", "elsewhere", false, false), "name", "Marker"));
			assertThat(otherChannel.poll(10, TimeUnit.SECONDS)).containsEntry("name", "Marker");
			assertThat(otherChannel).isEmpty();
			assertThat(annGets).isEmpty();
			assertThat(deviceGets).isEmpty();
		}
	}

	@Test
	void requestReachesOnlyItsTargetAndTheResponseOnlyTheRequester() throws Exception {
		try (Connection joe = connect(JOE);
				Connection device = connect(DEVICE_1);
				Connection bystander = connect(DEVICE_2)) {
			BlockingQueue<Map<String, Object>> joeResponses = joe.subscribe("/user/queue/responses");
			BlockingQueue<Map<String, Object>> requests = device.subscribe("/user/queue/requests");
			BlockingQueue<Map<String, Object>> bystanderRequests = bystander.subscribe("/user/queue/requests");
			BlockingQueue<Map<String, Object>> bystanderResponses = bystander.subscribe("/user/queue/responses");
			subscribed(joe, device, bystander);
			joe.send("/app/request", Map.of("id", "r1", "channel", ORGANIZATION, "name", "getSomething", "payload",
					Map.of("info", 123), "target", Map.of("device", DefaultFixture.DEVICE_1)));
			Map<String, Object> request = requests.poll(10, TimeUnit.SECONDS);
			assertThat(request).containsEntry("type", "request")
				.containsEntry("id", "r1")
				.containsEntry("sender", Map.of("uuid", JOE.uuid(), "type", "user"));
			device.send("/app/response", Map.of("id", "r1", "channel", ORGANIZATION, "payload", "Something", "target",
					Map.of("uuid", JOE.uuid())));
			Map<String, Object> response = joeResponses.poll(10, TimeUnit.SECONDS);
			assertThat(response).containsEntry("type", "response")
				.containsEntry("id", "r1")
				.containsEntry("payload", "Something");
			assertThat(bystanderRequests).isEmpty();
			assertThat(bystanderResponses).isEmpty();
		}
	}

	@Test
	void aRequestsTraceContextReachesItsTarget() throws Exception {
		try (Connection joe = connect(JOE); Connection device = connect(DEVICE_1)) {
			BlockingQueue<Map<String, Object>> requests = device.subscribe("/user/queue/requests");
			subscribed(joe, device);
			Map<String, String> trace = Map.of("traceparent",
					"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
			joe.send("/app/request", Map.of("id", "r3", "channel", ORGANIZATION, "name", "getSomething", "target",
					Map.of("device", DefaultFixture.DEVICE_1), "trace", trace));
			assertThat(requests.poll(10, TimeUnit.SECONDS)).containsEntry("id", "r3").containsEntry("trace", trace);
		}
	}

	@Test
	void requestToATargetThatIsNotConnectedGetsAPromptError() throws Exception {
		try (Connection joe = connect(JOE)) {
			BlockingQueue<Map<String, Object>> responses = joe.subscribe("/user/queue/responses");
			subscribed(joe);
			joe.send("/app/request", Map.of("id", "r2", "channel", ORGANIZATION, "name", "getSomething", "target",
					Map.of("device", DefaultFixture.DEVICE_2)));
			Map<String, Object> response = responses.poll(10, TimeUnit.SECONDS);
			assertThat(response).containsEntry("type", "response").containsEntry("id", "r2").containsKey("error");
			assertThat(response.get("error").toString()).contains("target.offline");
		}
	}

	@Test
	void requestToADeviceOfAnotherOrganizationIsTreatedAsOffline() throws Exception {
		try (Connection ann = connect(ANN); Connection device = connect(DEVICE_1)) {
			BlockingQueue<Map<String, Object>> responses = ann.subscribe("/user/queue/responses");
			BlockingQueue<Map<String, Object>> requests = device.subscribe("/user/queue/requests");
			subscribed(ann, device);
			ann.send("/app/request", Map.of("id", "r3", "channel", channel("acme", "organization", false, false),
					"name", "steal", "target", Map.of("device", DefaultFixture.DEVICE_1)));
			assertThat(responses.poll(10, TimeUnit.SECONDS).get("error").toString()).contains("target.offline");
			assertThat(requests).isEmpty();
		}
	}

	@Test
	void listenersCanAnswerABroadcastAndTheSenderCollectsTheResponses() throws Exception {
		try (Connection joe = connect(JOE); Connection one = connect(DEVICE_1); Connection two = connect(DEVICE_2)) {
			BlockingQueue<Map<String, Object>> responses = joe.subscribe("/user/queue/responses");
			List<Connection> listeners = List.of(one, two);
			List<BlockingQueue<Map<String, Object>>> broadcasts = new ArrayList<>();
			listeners.forEach((listener) -> broadcasts.add(listener.subscribe("/topic/channel." + ORGANIZATION)));
			subscribed(joe, one, two);
			joe.send("/app/broadcast", Map.of("id", "b1", "channel", ORGANIZATION, "name", "whoIsThere"));
			for (int i = 0; i < 2; i++) {
				Map<String, Object> broadcast = broadcasts.get(i).poll(10, TimeUnit.SECONDS);
				listeners.get(i)
					.send("/app/response", Map.of("id", broadcast.get("id"), "channel", ORGANIZATION, "payload",
							"device " + i, "target", broadcast.get("sender")));
			}
			List<Object> collected = List.of(responses.poll(10, TimeUnit.SECONDS).get("payload"),
					responses.poll(10, TimeUnit.SECONDS).get("payload"));
			assertThat(collected).containsExactlyInAnyOrder("device 0", "device 1");
		}
	}

	@Test
	void connectWithoutAValidTokenIsAnsweredWithAnErrorFrame() {
		assertThat(connectFails(null)).contains("Authorization");
		assertThat(connectFails("not-a-token")).contains("malformed");
		String otherKey = new TokenService(new byte[32], Duration.ofHours(1), Clock.systemUTC()).issue(JOE);
		assertThat(connectFails(otherKey)).contains("signature");
	}

	@Test
	void subscriptionsToAnotherOrganizationOrUnknownDestinationsAreRefused() {
		assertRefused(JOE, "/topic/channel." + channel("acme", "organization", false, false));
		assertRefused(JOE, "/topic/channel.not-base64!");
		assertRefused(JOE, "/topic/anything");
		assertRefused(JOE, "/queue/requests-user1234");
		assertRefused(JOE, "/user/" + ANN.organization() + ":" + ANN.uuid() + "/queue/requests");
		assertRefused(CONSUMER, "/topic/channel." + ORGANIZATION);
	}

	@Test
	void consumerAppsUseConsumerChannels() throws Exception {
		try (Connection consumer = connect(CONSUMER)) {
			String channel = channel("exp", "visitors", false, true);
			BlockingQueue<Map<String, Object>> received = consumer.subscribe("/topic/channel." + channel);
			BlockingQueue<Map<String, Object>> errors = consumer.errorQueue();
			subscribed(consumer);
			consumer.send("/app/broadcast", Map.of("channel", ORGANIZATION, "name", "Hi!"));
			assertThat(errors.poll(10, TimeUnit.SECONDS).get("error").toString()).contains("channel.forbidden");
			consumer.send("/app/broadcast", Map.of("channel", channel, "name", "Hi!"));
			assertThat(received.poll(10, TimeUnit.SECONDS)).containsEntry("name", "Hi!");
		}
	}

	@Test
	void systemChannelsAreListenOnlyAndCraftedSendsAreRefused() throws Exception {
		try (Connection joe = connect(JOE); Connection device = connect(DEVICE_1)) {
			String system = channel("exp", "system", true, false);
			BlockingQueue<Map<String, Object>> errors = joe.errorQueue();
			BlockingQueue<Map<String, Object>> systemMessages = device.subscribe("/topic/channel." + system);
			BlockingQueue<Map<String, Object>> annChannel = device.subscribe("/topic/channel." + ORGANIZATION);
			subscribed(joe, device);
			joe.send("/app/broadcast", Map.of("id", "s1", "channel", system, "name", "shutdown"));
			Map<String, Object> error = errors.poll(10, TimeUnit.SECONDS);
			assertThat(error).containsEntry("id", "s1");
			assertThat(error.get("error").toString()).contains("listen-only");
			joe.send("/app/broadcast",
					Map.of("id", "s2", "channel", channel("acme", "organization", false, false), "name", "x"));
			assertThat(errors.poll(10, TimeUnit.SECONDS).get("error").toString()).contains("another organization");
			assertThat(systemMessages).isEmpty();
			joe.send("/topic/channel." + ORGANIZATION, Map.of("name", "direct"));
			// the ERROR frame and the closing of the connection race in the client's
			// callbacks
			await().until(() -> joe.errors.stream()
				.anyMatch((refusal) -> refusal.contains("Cannot send to") || refusal.startsWith("transport")));
			assertThat(annChannel.poll(500, TimeUnit.MILLISECONDS)).isNull();
		}
	}

	@Test
	void malformedJsonIsAnsweredWithAnErrorAndTheSessionKeepsWorking() throws Exception {
		try (Connection joe = connect(JOE); Connection device = connect(DEVICE_1)) {
			BlockingQueue<Map<String, Object>> errors = joe.errorQueue();
			BlockingQueue<Map<String, Object>> received = device.subscribe("/topic/channel." + ORGANIZATION);
			subscribed(joe, device);
			joe.sendRaw("/app/broadcast", "{\"channel\": ");
			assertThat(errors.poll(10, TimeUnit.SECONDS).get("error").toString()).contains("message.malformed");
			joe.send("/app/broadcast", Map.of("channel", ORGANIZATION, "name", 42));
			assertThat(errors.poll(10, TimeUnit.SECONDS).get("error").toString()).contains("'name'");
			joe.send("/app/broadcast", Map.of("channel", ORGANIZATION, "name", "still here"));
			assertThat(received.poll(10, TimeUnit.SECONDS)).containsEntry("name", "still here");
		}
	}

	@Test
	void oversizedMessageIsRefusedWithoutHarmingOtherSessions() throws Exception {
		try (Connection joe = connect(JOE);
				Connection device = connect(DEVICE_1);
				Connection other = connect(DEVICE_2)) {
			BlockingQueue<Map<String, Object>> received = device.subscribe("/topic/channel." + ORGANIZATION);
			subscribed(joe, device, other);
			joe.send("/app/broadcast",
					Map.of("channel", ORGANIZATION, "name", "big", "payload", "x".repeat(20 * 1024)));
			await().until(() -> !joe.isConnected() || !joe.errors.isEmpty());
			assertThat(joe.errors).isNotEmpty();
			other.send("/app/broadcast", Map.of("channel", ORGANIZATION, "name", "after"));
			assertThat(received.poll(10, TimeUnit.SECONDS)).containsEntry("name", "after");
			assertThat(received).isEmpty();
		}
	}

	@Test
	void presenceListsTheConnectedIdentitiesOfTheCallersOrganization() {
		try (Connection device = connect(DEVICE_1); Connection ann = connect(ANN)) {
			ServerClient http = new ServerClient(server.getUrl());
			String token = server.getBean(TokenService.class).issue(JOE);
			await().untilAsserted(
					() -> assertThat(http.get("/api/presence", token).body()).contains(DefaultFixture.DEVICE_1)
						.doesNotContain(ANN.uuid()));
		}
	}

	private static void assertRefused(Identity identity, String destination) {
		try (Connection connection = connect(identity)) {
			connection.subscribe(destination);
			await().until(() -> !connection.errors.isEmpty());
			assertThat(connection.errors.peek()).containsAnyOf("Cannot subscribe", "transport");
		}
	}

	private static String connectFails(String token) {
		try {
			stomp.connect(token).close();
		}
		catch (IllegalStateException ex) {
			return String.valueOf(ex.getMessage());
		}
		throw new AssertionError("connect should have failed");
	}

	/**
	 * Makes sure the server has processed every SUBSCRIBE of the connections: a round
	 * trip through the user's error queue, whose answer is consumed.
	 */
	static void subscribed(Connection... connections) throws InterruptedException {
		for (Connection connection : connections) {
			BlockingQueue<Map<String, Object>> errors = connection.errorQueue();
			connection.sendRaw("/app/broadcast", "ping");
			assertThat(errors.poll(10, TimeUnit.SECONDS)).as("round trip").isNotNull();
		}
	}

}
