package io.exp.client.bus;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.exp.client.api.ReactiveExpApiClient;
import io.exp.client.event.ExpConnectionEvent;
import io.exp.server.ExpServer;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Start, stop, reconnect: the seed's runtime life cycle.
 */
class ExpEventBusLifecycleTests {

	@Test
	void listenersAndRespondersSurviveServerRestartsWithoutDuplicatesAndEventsComeInOrder() throws Exception {
		try (ExpServer server = ExpServer.builder().start()) {
			ExpEventBus app = Buses.bus(server, Buses.JOE);
			ExpEventBus device = Buses.bus(server, Buses.LOBBY_DISPLAY);
			List<Boolean> transitions = new CopyOnWriteArrayList<>();
			device.onConnectionChange((event) -> transitions.add(event.isOnline()));
			app.start();
			device.start();
			try {
				BlockingQueue<Object> received = new LinkedBlockingQueue<>();
				device.organization().listen("Hi!", (message) -> received.add(message.getPayload()));
				device.organization().respond("ping", (request) -> "pong");
				for (int restart = 1; restart <= 2; restart++) {
					server.stop();
					await().atMost(Duration.ofSeconds(10)).until(() -> !device.isConnected() && !app.isConnected());
					server.start();
					await().atMost(Duration.ofSeconds(20)).until(() -> device.isConnected() && app.isConnected());
					app.organization().broadcast("Hi!", restart);
					assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(restart);
					assertThat(app.organization().request("ping", ExpTarget.device(Buses.DEVICE_1), null))
						.isEqualTo("pong");
				}
				app.organization().broadcast("Hi!", "last");
				assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("last");
				assertThat(received).isEmpty();
				assertThat(transitions).containsExactly(true, false, true, false, true);
			}
			finally {
				app.stop();
				device.stop();
			}
		}
	}

	@Test
	void aTokenRejectedAfterARestartWithAnotherKeyLeadsToReloginAndReconnect() {
		ExpServer server = ExpServer.builder().start();
		ReactiveExpApiClient api = Buses.api(server, Buses.LOBBY_DISPLAY);
		ExpEventBus device = ExpEventBus.builder(api).settings(Buses.settings(Duration.ofSeconds(10))).build();
		device.start();
		String before = api.getAuthSource().getAuth().token();
		server.stop();
		try (ExpServer otherKey = ExpServer.builder().port(server.getPort()).start()) {
			await().atMost(Duration.ofSeconds(20)).until(device::isConnected);
			assertThat(api.getAuthSource().getAuth().token()).isNotEqualTo(before);
			assertThat(otherKey.getLoginCount()).isEqualTo(1);
		}
		finally {
			device.stop();
		}
	}

	@Test
	void aRefreshedTokenIsUsedOnTheNextConnectWithoutLoggingInAgain() {
		try (ExpServer server = ExpServer.builder().tokenLifetime(Duration.ofSeconds(6)).start()) {
			ReactiveExpApiClient api = Buses.api(server, Buses.LOBBY_DISPLAY);
			ExpEventBus device = ExpEventBus.builder(api).settings(Buses.settings(Duration.ofSeconds(10))).build();
			device.start();
			try {
				String first = api.getAuthSource().getAuth().token();
				await().atMost(Duration.ofSeconds(20))
					.until(() -> !first.equals(api.auth().block(Duration.ofSeconds(5)).token()));
				assertThat(server.getRefreshCount()).isEqualTo(1);
				server.stop();
				await().atMost(Duration.ofSeconds(10)).until(() -> !device.isConnected());
				server.start();
				await().atMost(Duration.ofSeconds(20)).until(device::isConnected);
				assertThat(server.getLoginCount()).isZero();
			}
			finally {
				device.stop();
			}
		}
	}

	@Test
	void startFailsWithinItsTimeoutWhenNoServerAnswers() throws Exception {
		int port;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		ExpServer nowhere = ExpServer.builder().port(port).start();
		ExpEventBus bus = Buses.bus(nowhere, Buses.JOE, shortStart());
		bus.organization();
		nowhere.stop();
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(bus::start);
		assertThat(bus.isConnected()).isFalse();
	}

	@Test
	void stopEndsEveryThreadTheBusStarted() {
		Set<String> before = threadNames();
		try (ExpServer server = ExpServer.builder().start()) {
			ExpEventBus bus = Buses.bus(server, Buses.JOE);
			bus.start();
			bus.organization().listen("x", (message) -> {
			});
			bus.organization().broadcast("x", null);
			assertThat(threadNames()).anyMatch((name) -> name.startsWith("exp-bus-"));
			bus.stop();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(threadNames()).noneMatch((name) -> name.startsWith("exp-bus-")));
		}
		assertThat(before).noneMatch((name) -> name.startsWith("exp-bus-"));
	}

	@Test
	void aPlainSpringContextRunsTheBusAsALifecycleWithoutStartingAnyServer() {
		try (ExpServer server = ExpServer.builder().start()) {
			Set<String> before = threadNames();
			List<ExpConnectionEvent> events = new CopyOnWriteArrayList<>();
			try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
				context.registerBean(ExpEventBus.class, () -> ExpEventBus.builder(Buses.api(server, Buses.JOE))
					.eventPublisher(context)
					.build());
				context.addApplicationListener((ApplicationListener<ExpConnectionEvent>) events::add);
				context.refresh();
				assertThat(context.getBean(ExpEventBus.class).isConnected()).isTrue();
				Set<String> added = threadNames();
				added.removeAll(before);
				assertThat(added).anyMatch((name) -> name.startsWith("exp-bus-"))
					.noneMatch((name) -> name.startsWith("http-") || name.contains("Acceptor")
							|| name.contains("Poller") || name.contains("Catalina"));
			}
			assertThat(events).extracting(ExpConnectionEvent::isOnline).containsExactly(true, false);
		}
	}

	@Test
	void offlineEventIsPublishedOnStopAfterOnline() {
		try (ExpServer server = ExpServer.builder().start()) {
			ExpEventBus bus = Buses.bus(server, Buses.JOE);
			List<ExpConnectionEvent> events = new CopyOnWriteArrayList<>();
			bus.onConnectionChange(events::add);
			bus.start();
			bus.stop();
			assertThat(events).extracting(ExpConnectionEvent::isOnline).containsExactly(true, false);
		}
	}

	private static ExpEventBusSettings shortStart() {
		ExpEventBusSettings d = Buses.settings(Duration.ofSeconds(1));
		return new ExpEventBusSettings(Duration.ofSeconds(2), true, d.requestTimeout(), Duration.ofSeconds(1),
				d.reconnectMinBackoff(), d.reconnectMaxBackoff(), d.handlerThreads(), d.handlerQueueCapacity(), false,
				d.maxMessageSize(), d.heartbeat());
	}

	private static Set<String> threadNames() {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
			.collect(Collectors.toSet());
	}

}
