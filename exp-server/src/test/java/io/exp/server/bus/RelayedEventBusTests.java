package io.exp.server.bus;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.exp.server.ExpServer;
import io.exp.server.Fixtures;
import io.exp.server.ServerClient;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.StompTestClient.Connection;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two server nodes relaying their event bus to one ActiveMQ Artemis broker (embedded from Maven artifacts): the
 * protocol is unchanged, broadcasts reach listeners on both nodes, requests cross nodes, organizations stay apart.
 */
class RelayedEventBusTests {

	private static EmbeddedActiveMQ artemis;

	private static ExpServer nodeA;

	private static ExpServer nodeB;

	private static StompTestClient clientsA;

	private static StompTestClient clientsB;

	@BeforeAll
	static void start() throws Exception {
		int stompPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			stompPort = socket.getLocalPort();
		}
		Configuration configuration = new ConfigurationImpl().setPersistenceEnabled(false)
			.setSecurityEnabled(false)
			.setJournalDirectory(Files.createTempDirectory("artemis").toString())
			.addAcceptorConfiguration("stomp", "tcp://127.0.0.1:" + stompPort
					+ "?protocols=STOMP;anycastPrefix=/queue/;multicastPrefix=/topic/");
		artemis = new EmbeddedActiveMQ().setConfiguration(configuration).start();
		ExpServer.Builder node = ExpServer.builder()
			.property("exp.server.signing-key", TokenService.randomKey())
			.property("exp.server.bus.relay.enabled", true)
			.property("exp.server.bus.relay.port", stompPort);
		nodeA = node.start();
		nodeB = node.start();
		clientsA = new StompTestClient(nodeA.getPort());
		clientsB = new StompTestClient(nodeB.getPort());
	}

	@AfterAll
	static void stop() throws Exception {
		clientsA.close();
		clientsB.close();
		nodeA.close();
		nodeB.close();
		artemis.stop();
	}

	private static Connection connect(StompTestClient clients, Identity identity) {
		return clients.connect(nodeA.getBean(TokenService.class).issue(identity));
	}

	@Test
	void aBroadcastOnNodeAReachesListenersOnBothNodesAndNoOtherOrganization() throws Exception {
		try (Connection joe = connect(clientsA, EventBusTests.JOE);
				Connection onA = connect(clientsA, EventBusTests.DEVICE_2);
				Connection onB = connect(clientsB, EventBusTests.DEVICE_1);
				Connection annOnB = connect(clientsB, EventBusTests.ANN)) {
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
		try (Connection joe = connect(clientsA, EventBusTests.JOE);
				Connection device = connect(clientsB, EventBusTests.DEVICE_1)) {
			BlockingQueue<Map<String, Object>> responses = joe.subscribe("/user/queue/responses");
			BlockingQueue<Map<String, Object>> requests = device.subscribe("/user/queue/requests");
			EventBusTests.subscribed(joe, device);
			ServerClient restOnA = new ServerClient(nodeA.getUrl());
			String token = nodeA.getBean(TokenService.class).issue(EventBusTests.JOE);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> restOnA.get("/api/presence", token).body().contains(Fixtures.DEVICE_1));
			joe.send("/app/request", Map.of("id", "x1", "channel", EventBusTests.ORGANIZATION, "name", "ping", "target",
					Map.of("device", Fixtures.DEVICE_1)));
			Map<String, Object> request = requests.poll(10, TimeUnit.SECONDS);
			assertThat(request).containsEntry("id", "x1");
			device.send("/app/response", Map.of("id", "x1", "channel", EventBusTests.ORGANIZATION, "payload", "pong",
					"target", request.get("sender")));
			assertThat(responses.poll(10, TimeUnit.SECONDS)).containsEntry("payload", "pong").containsEntry("id", "x1");
		}
	}

}
