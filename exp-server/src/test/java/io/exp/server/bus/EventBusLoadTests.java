package io.exp.server.bus;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.StompTestClient.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many connections and a burst, counted at the listeners: nothing is lost.
 */
class EventBusLoadTests {

	private static ExpServer server;

	private static StompTestClient stomp;

	@BeforeAll
	static void start() {
		server = ExpServer.builder().start();
		stomp = new StompTestClient(server.getPort());
	}

	@AfterAll
	static void stop() {
		stomp.close();
		server.close();
	}

	@Test
	void severalHundredConnectionsEachReceiveEveryBroadcastMeantForThem() throws Exception {
		int connections = 300;
		int broadcasts = 5;
		String everybody = EventBusTests.ORGANIZATION;
		List<Connection> listeners = new ArrayList<>();
		List<AtomicInteger> counts = new ArrayList<>();
		try {
			for (int i = 0; i < connections; i++) {
				Connection listener = connect(new Identity("device-" + i, "device", "exp", null));
				AtomicInteger count = new AtomicInteger();
				listener.session.subscribe("/topic/channel." + everybody, counting(count));
				listener.session.subscribe("/topic/channel." + EventBusTests.channel("exp", "own-" + i, false, false),
						counting(count));
				listeners.add(listener);
				counts.add(count);
			}
			EventBusTests.subscribed(listeners.toArray(Connection[]::new));
			try (Connection sender = connect(EventBusTests.JOE)) {
				for (int b = 0; b < broadcasts; b++) {
					sender.send("/app/broadcast", Map.of("channel", everybody, "name", "all", "payload", b));
				}
				sender.send("/app/broadcast",
						Map.of("channel", EventBusTests.channel("exp", "own-7", false, false), "name", "one"));
				await().atMost(Duration.ofSeconds(60))
					.until(() -> counts.stream().mapToInt(AtomicInteger::get).sum() == connections * broadcasts + 1);
			}
			for (int i = 0; i < connections; i++) {
				assertThat(counts.get(i).get()).as("connection %d", i).isEqualTo(broadcasts + ((i == 7) ? 1 : 0));
			}
		}
		finally {
			listeners.forEach(Connection::close);
		}
	}

	@Test
	void aBurstOfOneHundredThousandBroadcastsReachesTheListenerComplete() throws Exception {
		int burst = 100_000;
		String channel = EventBusTests.channel("exp", "burst", false, false);
		AtomicInteger received = new AtomicInteger();
		try (Connection listener = connect(EventBusTests.DEVICE_1); Connection sender = connect(EventBusTests.JOE)) {
			listener.session.subscribe("/topic/channel." + channel, counting(received));
			EventBusTests.subscribed(listener);
			for (int i = 0; i < burst; i++) {
				sender.send("/app/broadcast", Map.of("channel", channel, "name", "tick", "payload", i));
			}
			await().atMost(Duration.ofSeconds(120)).until(() -> received.get() >= burst);
			assertThat(received.get()).isEqualTo(burst);
			assertThat(sender.errors).isEmpty();
			assertThat(listener.isConnected()).isTrue();
		}
	}

	private static Connection connect(Identity identity) {
		return stomp.connect(server.getBean(TokenService.class).issue(identity));
	}

	private static StompFrameHandler counting(AtomicInteger count) {
		return new StompFrameHandler() {

			@Override
			public Type getPayloadType(StompHeaders headers) {
				return byte[].class;
			}

			@Override
			public void handleFrame(StompHeaders headers, Object payload) {
				count.incrementAndGet();
			}

		};
	}

}
