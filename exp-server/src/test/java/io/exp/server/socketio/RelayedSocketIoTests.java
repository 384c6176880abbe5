package io.exp.server.socketio;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.EmbeddedArtemis;
import io.exp.server.bus.StompTestClient;
import io.exp.server.bus.StompTestClient.Connection;
import io.exp.server.socketio.PollingSocketIoClient.Event;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

import static io.exp.server.socketio.SocketIoBridgeTests.DEVICE_1;
import static io.exp.server.socketio.SocketIoBridgeTests.JOE;
import static io.exp.server.socketio.SocketIoBridgeTests.ORGANIZATION;
import static io.exp.server.socketio.SocketIoBridgeTests.data;
import static io.exp.server.socketio.SocketIoBridgeTests.sdkId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * socket.io clients of one node and STOMP clients of another reach each other through a
 * relayed broker (embedded ActiveMQ Artemis): the bridge counts its clients' channels in
 * the node's channel interests, so the node hears them from the other nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayedSocketIoTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String signingKey = TokenService.randomKey();

	private EmbeddedActiveMQ artemis;

	private ExpServer nodeA;

	private ExpServer nodeB;

	private StompTestClient stompB;

	@BeforeAll
	void start() throws Exception {
		int port = EmbeddedArtemis.freePort();
		this.artemis = EmbeddedArtemis.start(port);
		this.nodeA = node(port);
		this.nodeB = node(port);
		this.stompB = new StompTestClient(this.nodeB.getPort());
	}

	private ExpServer node(int brokerPort) {
		return ExpServer.builder()
			.property("exp.server.signing-key", this.signingKey)
			.property("exp.server.socketio.enabled", true)
			.property("exp.server.bus.relay.enabled", true)
			.property("exp.server.bus.relay.port", brokerPort)
			.start();
	}

	@AfterAll
	void stop() throws Exception {
		if (this.stompB != null) {
			this.stompB.close();
		}
		for (ExpServer node : new ExpServer[] { this.nodeA, this.nodeB }) {
			if (node != null) {
				node.close();
			}
		}
		if (this.artemis != null) {
			this.artemis.stop();
		}
	}

	private String token(Identity identity) {
		return this.nodeA.getBean(TokenService.class).issue(identity);
	}

	@Test
	void aSocketIoClientOnOneNodeHearsAStompBroadcastSentOnAnother() throws Exception {
		try (PollingSocketIoClient device = PollingSocketIoClient.connect(this.nodeA.getPort(), token(DEVICE_1));
				Connection joe = this.stompB.connect(token(JOE))) {
			assertThat(device.next("connect", 10)).as("connected to /").isNotNull();
			device.emit("subscribe", List.of(sdkId(ORGANIZATION)));
			// acknowledged once node A hears the channel from the broker
			assertThat(device.next("subscribed", 10)).extracting(Event::data).isEqualTo(List.of(sdkId(ORGANIZATION)));
			joe.send("/app/broadcast", Map.of("channel", ORGANIZATION.encode(), "name", "Hi!", "payload", 1));
			Event broadcast = device.next("broadcast", 10);
			assertThat(broadcast).as("the broadcast from node B").isNotNull();
			assertThat(data(broadcast)).containsEntry("name", "Hi!")
				.containsEntry("channel", sdkId(ORGANIZATION))
				.containsEntry("sender", Map.of("uuid", JOE.uuid(), "type", "user"));
		}
	}

	@Test
	void aStompListenerOnOneNodeHearsASocketIoDevicesBroadcastPostedOnAnother() throws Exception {
		try (Connection joe = this.stompB.connect(token(JOE))) {
			BlockingQueue<Map<String, Object>> heard = joe.subscribe("/topic/channel." + ORGANIZATION.encode());
			// until node B hears the channel from the broker, a broadcast from node A may
			// pass it by
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				SocketIoBridgeTests
					.postTo(this.nodeA.getUrl(), token(DEVICE_1), "/api/networks/current/broadcasts",
							Map.of("name", "probe", "channel", sdkId(ORGANIZATION), "payload", 0))
					.join();
				return heard.poll(200, TimeUnit.MILLISECONDS) != null;
			});
			heard.clear();
			SocketIoBridgeTests
				.postTo(this.nodeA.getUrl(), token(DEVICE_1), "/api/networks/current/broadcasts",
						Map.of("name", "tick", "channel", sdkId(ORGANIZATION), "payload", 7))
				.join();
			Map<String, Object> tick;
			do {
				tick = heard.poll(10, TimeUnit.SECONDS);
			}
			while (tick != null && "probe".equals(tick.get("name")));
			assertThat(tick).as("the device's broadcast from node A").isNotNull();
			assertThat(tick).containsEntry("name", "tick")
				.containsEntry("payload", 7)
				.containsEntry("sender", Map.of("uuid", DEVICE_1.uuid(), "type", "device"));
		}
	}

	@Test
	void aStompResponseOnOneNodeReachesABroadcastPostedOnAnotherThatWaitsForIt() throws Exception {
		try (Connection device = this.stompB.connect(token(DEVICE_1))) {
			BlockingQueue<Map<String, Object>> heard = device.subscribe("/topic/channel." + ORGANIZATION.encode());
			// until node B hears the channel from the broker, a broadcast from node A may
			// pass it by
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				SocketIoBridgeTests
					.postTo(this.nodeA.getUrl(), token(JOE), "/api/networks/current/broadcasts",
							Map.of("name", "probe", "channel", sdkId(ORGANIZATION), "payload", 0))
					.join();
				return heard.poll(200, TimeUnit.MILLISECONDS) != null;
			});
			CompletableFuture<HttpResponse<String>> broadcast = SocketIoBridgeTests.postTo(this.nodeA.getUrl(),
					token(JOE), "/api/networks/current/broadcasts?timeout=3000",
					Map.of("name", "getStatus", "channel", sdkId(ORGANIZATION)));
			Map<String, Object> question;
			do {
				question = heard.poll(10, TimeUnit.SECONDS);
			}
			while (question != null && !"getStatus".equals(question.get("name")));
			assertThat(question).as("the posted broadcast on node B").isNotNull();
			device.send("/app/response", Map.of("id", question.get("id"), "channel", ORGANIZATION.encode(), "payload",
					Map.of("status", "fine"), "target", Map.of("uuid", JOE.uuid())));
			HttpResponse<String> response = broadcast.get(10, TimeUnit.SECONDS);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json.readValue(response.body(), List.class)).as("the responses gathered on node A")
				.isEqualTo(List.of(Map.of("status", "fine")));
		}
	}

}
