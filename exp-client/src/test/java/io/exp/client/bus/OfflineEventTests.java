package io.exp.client.bus;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.exp.client.event.ExpConnectionEvent;
import io.exp.client.event.ExpOfflineEvent;
import io.exp.server.ExpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An offline event says why the bus is offline and how many reconnect attempts failed.
 */
class OfflineEventTests {

	@Test
	void stoppingAnOnlineBusIsAnOfflineEventForShutdown() {
		try (ExpServer server = ExpServer.builder().start()) {
			ExpEventBus bus = Buses.bus(server, Buses.JOE);
			List<ExpOfflineEvent> offline = offlineEvents(bus);
			bus.start();
			bus.stop();
			assertThat(offline).singleElement().satisfies((event) -> {
				assertThat(event.getReason()).isEqualTo(ExpOfflineEvent.Reason.SHUTDOWN);
				assertThat(event.getReconnectAttempts()).isZero();
			});
		}
	}

	@Test
	void aLostConnectionIsAnOfflineEventForConnectionLost() {
		try (ExpServer server = ExpServer.builder().start()) {
			ExpEventBus bus = Buses.bus(server, Buses.JOE);
			List<ExpOfflineEvent> offline = offlineEvents(bus);
			bus.start();
			try {
				server.stop();
				await().atMost(Duration.ofSeconds(10)).until(() -> !offline.isEmpty());
				assertThat(offline.get(0).getReason()).isEqualTo(ExpOfflineEvent.Reason.CONNECTION_LOST);
				assertThat(offline.get(0).getReconnectAttempts()).isZero();
			}
			finally {
				bus.stop();
			}
		}
	}

	@Test
	void credentialsRefusedOnReconnectAreAnOfflineEventWithTheFailedAttempts() {
		ExpServer server = ExpServer.builder().start();
		ExpEventBus device = Buses.bus(server, Buses.LOBBY_DISPLAY);
		List<ExpOfflineEvent> offline = offlineEvents(device);
		device.start();
		server.stop();
		try (ExpServer withoutTheDevice = ExpServer.builder()
			.port(server.getPort())
			.fixture("classpath:io/exp/client/bus/users-only-fixture.json")
			.start()) {
			await().atMost(Duration.ofSeconds(20)).until(() -> offline.size() == 2);
			assertThat(offline).extracting(ExpOfflineEvent::getReason)
				.containsExactly(ExpOfflineEvent.Reason.CONNECTION_LOST, ExpOfflineEvent.Reason.CREDENTIALS_REFUSED);
			assertThat(offline.get(1).getReconnectAttempts()).isPositive();
			assertThat(device.isConnected()).isFalse();
		}
		finally {
			device.stop();
			server.close();
		}
	}

	private static List<ExpOfflineEvent> offlineEvents(ExpEventBus bus) {
		List<ExpOfflineEvent> offline = new CopyOnWriteArrayList<>();
		bus.onConnectionChange((ExpConnectionEvent event) -> {
			if (event instanceof ExpOfflineEvent lost) {
				offline.add(lost);
			}
		});
		return offline;
	}

}
