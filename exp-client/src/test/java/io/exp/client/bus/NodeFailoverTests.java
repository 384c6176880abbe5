package io.exp.client.bus;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.exp.client.api.ReactiveExpApiClient;
import io.exp.server.ExpServer;
import io.exp.server.auth.TokenService;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A device that knows two nodes (relaying to one embedded Artemis broker) fails over when
 * its node dies: offline and online once each, its listener and responder restored on the
 * other node, nothing received twice.
 */
class NodeFailoverTests {

	@Test
	void theBusMovesToTheNextNodeWhenItsNodeDies() throws Exception {
		int stompPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			stompPort = socket.getLocalPort();
		}
		EmbeddedActiveMQ artemis = new EmbeddedActiveMQ()
			.setConfiguration(new ConfigurationImpl().setPersistenceEnabled(false)
				.setSecurityEnabled(false)
				.setJournalDirectory(Files.createTempDirectory("artemis").toString())
				.addAcceptorConfiguration("stomp",
						"tcp://127.0.0.1:" + stompPort
								+ "?protocols=STOMP;anycastPrefix=/queue/;multicastPrefix=/topic/"))
			.start();
		ExpServer.Builder node = ExpServer.builder()
			.property("exp.server.signing-key", TokenService.randomKey())
			.property("exp.server.bus.relay.enabled", true)
			.property("exp.server.bus.relay.port", stompPort);
		ExpServer nodeA = node.start();
		ExpServer nodeB = node.start();
		ExpEventBus device = ReactiveExpApiClient.builder()
			.baseUrl(nodeA.getUrl() + "," + nodeB.getUrl())
			.credentials(Buses.LOBBY_DISPLAY)
			.build()
			.eventBus()
			.settings(Buses.settings(Duration.ofSeconds(10)))
			.build();
		ExpEventBus app = Buses.bus(nodeB, Buses.JOE);
		List<Boolean> transitions = new CopyOnWriteArrayList<>();
		device.onConnectionChange((event) -> transitions.add(event.isOnline()));
		try {
			device.start();
			app.start();
			BlockingQueue<Object> received = new LinkedBlockingQueue<>();
			device.organization().listen("Hi!", (message) -> received.add(message.getPayload()));
			device.organization().respond("ping", (request) -> "pong");
			app.organization().broadcast("Hi!", 1);
			assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(1);
			nodeA.stop();
			await().atMost(Duration.ofSeconds(30)).until(() -> transitions.size() == 3);
			app.organization().broadcast("Hi!", 2);
			assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(2);
			assertThat(app.organization().request("ping", ExpTarget.device(Buses.DEVICE_1), null)).isEqualTo("pong");
			assertThat(received.poll(500, TimeUnit.MILLISECONDS)).isNull();
			assertThat(transitions).containsExactly(true, false, true);
		}
		finally {
			device.stop();
			app.stop();
			nodeA.close();
			nodeB.close();
			artemis.stop();
		}
	}

}
