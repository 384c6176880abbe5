package io.exp.server.bus;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.exp.server.ExpServer;
import io.exp.server.ServerClient;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.StompTestClient.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two server nodes relaying their event bus to one external STOMP broker: the protocol is unchanged, broadcasts
 * reach listeners on both nodes, requests cross nodes, organizations stay apart. One subclass per broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RelayedEventBusTests {

	private ExpServer nodeA;

	private ExpServer nodeB;

	private StompTestClient clientsA;

	private StompTestClient clientsB;

	/**
	 * Starts (or finds) the broker.
	 * @return its STOMP port on loopback
	 * @throws Exception when it cannot start
	 */
	protected abstract int startBroker() throws Exception;

	/**
	 * Stops the broker when the test started it.
	 * @throws Exception when it cannot stop
	 */
	protected abstract void stopBroker() throws Exception;

	/**
	 * Returns broker-specific relay properties.
	 * @return extra {@code exp.server.bus.relay.*} properties
	 */
	protected Map<String, Object> relayProperties() {
		return Map.of();
	}

	@BeforeAll
	void start() throws Exception {
		int stompPort = startBroker();
		ExpServer.Builder node = ExpServer.builder()
			.property("exp.server.signing-key", TokenService.randomKey())
			.property("exp.server.bus.relay.enabled", true)
			.property("exp.server.bus.relay.port", stompPort);
		relayProperties().forEach(node::property);
		this.nodeA = node.start();
		this.nodeB = node.start();
		this.clientsA = new StompTestClient(this.nodeA.getPort());
		this.clientsB = new StompTestClient(this.nodeB.getPort());
	}

	@AfterAll
	void stop() throws Exception {
		if (this.nodeA != null) {
			this.clientsA.close();
			this.clientsB.close();
			this.nodeA.close();
			this.nodeB.close();
		}
		stopBroker();
	}

	private Connection connect(StompTestClient clients, Identity identity) {
		return clients.connect(this.nodeA.getBean(TokenService.class).issue(identity));
	}

	@Test
	void aBroadcastOnNodeAReachesListenersOnBothNodesAndNoOtherOrganization() throws Exception {
		try (Connection joe = connect(this.clientsA, EventBusTests.JOE);
				Connection onA = connect(this.clientsA, EventBusTests.DEVICE_2);
				Connection onB = connect(this.clientsB, EventBusTests.DEVICE_1);
				Connection annOnB = connect(this.clientsB, EventBusTests.ANN)) {
			BlockingQueue<Map<String, Object>> receivedOnA = onA.subscribe("/topic/channel." + EventBusTests.ORGANIZATION);
			BlockingQueue<Map<String, Object>> receivedOnB = onB.subscribe("/topic/channel." + EventBusTests.ORGANIZATION);
			BlockingQueue<Map<String, Object>> acme = annOnB
				.subscribe("/topic/channel." + EventBusTests.channel("acme", "organization", false, false));
			EventBusTests.subscribed(onA, onB, annOnB);
			joe.send("/app/broadcast", Map.of("channel", EventBusTests.ORGANIZATION, "name", "Hi!", "payload", 1));
			assertThat(receivedOnA.poll(10, TimeUnit.SECONDS)).containsEntry("name", "Hi!");
			assertThat(receivedOnB.poll(10, TimeUnit.SECONDS)).containsEntry("name", "Hi!")
				.containsEntry("sender", Map.of("uuid", EventBusTests.JOE.uuid(), "type", "user"));
			assertThat(acme).isEmpty();
		}
	}

	@Test
	void aRequestSentToNodeAReachesADeviceOnNodeBAndTheResponseComesBack() throws Exception {
		// a device identity no other test uses: the nodes' shared user registry refreshes every few seconds, so an
		// entry left by an earlier session of the same identity could still route the request to that session
		Identity fresh = new Identity(UUID.randomUUID().toString(), "device", "exp", null);
		try (Connection joe = connect(this.clientsA, EventBusTests.JOE);
				Connection device = connect(this.clientsB, fresh)) {
			BlockingQueue<Map<String, Object>> responses = joe.subscribe("/user/queue/responses");
			BlockingQueue<Map<String, Object>> requests = device.subscribe("/user/queue/requests");
			EventBusTests.subscribed(joe, device);
			ServerClient restOnA = new ServerClient(this.nodeA.getUrl());
			String token = this.nodeA.getBean(TokenService.class).issue(EventBusTests.JOE);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> restOnA.get("/api/presence", token).body().contains(fresh.uuid()));
			joe.send("/app/request", Map.of("id", "x1", "channel", EventBusTests.ORGANIZATION, "name", "ping", "target",
					Map.of("device", fresh.uuid())));
			Map<String, Object> request = requests.poll(10, TimeUnit.SECONDS);
			assertThat(request).containsEntry("id", "x1");
			device.send("/app/response", Map.of("id", "x1", "channel", EventBusTests.ORGANIZATION, "payload", "pong",
					"target", request.get("sender")));
			assertThat(responses.poll(10, TimeUnit.SECONDS)).containsEntry("payload", "pong").containsEntry("id", "x1");
		}
	}

	@Test
	void aClientThatKeepsSendingKeepsItsRelayedSession() throws Exception {
		// Sends to /app/** never reach the broker, and a client that keeps sending has no reason to send heartbeats:
		// the relay must beat for it, or a broker that closes silent connections after two heartbeat intervals
		// (Artemis) cuts the session. 5.5 s heartbeats: the broker gives up after 11 s of silence.
		try (StompTestClient beating = new StompTestClient(this.nodeA.getPort(), 5500);
				Connection listener = connect(this.clientsB, new Identity(UUID.randomUUID().toString(), "device",
						"exp", null));
				Connection busy = beating.connect(this.nodeA.getBean(TokenService.class).issue(EventBusTests.JOE))) {
			BlockingQueue<Map<String, Object>> received = listener
				.subscribe("/topic/channel." + EventBusTests.ORGANIZATION);
			EventBusTests.subscribed(listener);
			long until = System.nanoTime() + Duration.ofSeconds(13).toNanos();
			int sent = 0;
			while (System.nanoTime() < until) {
				busy.send("/app/broadcast", Map.of("channel", EventBusTests.ORGANIZATION, "name", "tick", "payload",
						sent++));
				Thread.sleep(250);
			}
			busy.send("/app/broadcast", Map.of("channel", EventBusTests.ORGANIZATION, "name", "last"));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> received.stream().anyMatch((message) -> "last".equals(message.get("name"))));
			assertThat(busy.errors).isEmpty();
			assertThat(busy.closed).isFalse();
		}
	}

}
