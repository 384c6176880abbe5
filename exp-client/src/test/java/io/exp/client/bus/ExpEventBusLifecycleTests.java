package io.exp.client.bus;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.exp.client.ExpNotConnectedException;
import io.exp.client.api.ReactiveExpApiClient;
import io.exp.client.event.ExpConnectionEvent;
import io.exp.server.ExpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Start, stop, reconnect: the runtime life cycle the EXP Python SDK documents.
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
		ExpEventBus device = api.eventBus().settings(Buses.settings(Duration.ofSeconds(10))).build();
		device.start();
		String before = api.auth().block().token();
		server.stop();
		try (ExpServer otherKey = ExpServer.builder().port(server.getPort()).start()) {
			await().atMost(Duration.ofSeconds(20)).until(device::isConnected);
			assertThat(api.auth().block().token()).isNotEqualTo(before);
			assertThat(otherKey.getLoginCount()).isEqualTo(1);
		}
		finally {
			device.stop();
		}
	}

	@Test
	void aTokenRefusedAfterARestartWithAnotherKeyIsReplacedAtOnceNotAfterAnotherBackoff() {
		Duration backoff = Duration.ofSeconds(4);
		ExpServer server = ExpServer.builder().start();
		ExpEventBus device = Buses.bus(server, Buses.LOBBY_DISPLAY, backoff(backoff, backoff));
		List<Long> refusals = new CopyOnWriteArrayList<>();
		Logger log = (Logger) LoggerFactory.getLogger(ExpEventBus.class);
		AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {

			@Override
			protected void append(ILoggingEvent event) {
				if (event.getFormattedMessage().contains("refused")) {
					refusals.add(System.nanoTime());
				}
			}

		};
		appender.start();
		log.addAppender(appender);
		device.start();
		server.stop();
		try (ExpServer otherKey = ExpServer.builder().port(server.getPort()).start()) {
			long listening = System.nanoTime();
			await().atMost(Duration.ofSeconds(20)).until(device::isConnected);
			long online = System.nanoTime();
			Duration refusedToOnline = Duration.ofNanos(online - refusals.get(0));
			Duration listeningToOnline = Duration.ofNanos(online - listening);
			System.out.println("Token refused -> online: " + refusedToOnline.toMillis() + " ms; server listening -> "
					+ "online: " + listeningToOnline.toMillis() + " ms (backoff " + backoff.toMillis() + " ms)");
			assertThat(refusedToOnline).isLessThan(backoff.dividedBy(4));
			assertThat(listeningToOnline).isLessThan(backoff.plusSeconds(1));
			assertThat(otherKey.getLoginCount()).isEqualTo(1);
		}
		finally {
			log.detachAppender(appender);
			device.stop();
		}
	}

	@Test
	void aBusAllowedToStartOfflineStartsWithoutAServerAndConnectsWhenItComes() throws Exception {
		int port = freePort();
		ExpEventBus device = ReactiveExpApiClient.builder()
			.baseUrl("http://localhost:" + port)
			.credentials(Buses.LOBBY_DISPLAY)
			.build()
			.eventBus()
			.settings(offlineStart())
			.build();
		device.start();
		try {
			assertThat(device.isConnected()).isFalse();
			try (ExpServer server = ExpServer.builder().port(port).start()) {
				await().atMost(Duration.ofSeconds(20)).until(device::isConnected);
				assertThat(device.experience().getName()).isEqualTo(Buses.EXPERIENCE_1);
			}
		}
		finally {
			device.stop();
		}
	}

	@Test
	void aStoppedBusStartsAgainAnyNumberOfTimesAndLeavesNoThreadBetweenRuns() throws Exception {
		try (ExpServer server = ExpServer.builder().start()) {
			ExpEventBus bus = Buses.bus(server, Buses.JOE);
			BlockingQueue<Object> received = new LinkedBlockingQueue<>();
			bus.organization().listen("Hi!", (message) -> received.add(message.getPayload()));
			for (int run = 1; run <= 3; run++) {
				bus.start();
				assertThat(bus.isConnected()).isTrue();
				bus.organization().broadcast("Hi!", run);
				assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(run);
				bus.stop();
				assertThat(bus.isConnected()).isFalse();
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(busThreads()).isEmpty());
			}
		}
	}

	@Test
	void aPlainSpringContextStopsAndStartsTheBusAgain() {
		try (ExpServer server = ExpServer.builder().start();
				AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.registerBean(ExpEventBus.class, () -> Buses.bus(server, Buses.JOE));
			context.refresh();
			ExpEventBus bus = context.getBean(ExpEventBus.class);
			for (int run = 1; run <= 2; run++) {
				context.stop();
				assertThat(bus.isRunning()).isFalse();
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(busThreads()).isEmpty());
				context.start();
				assertThat(bus.isConnected()).isTrue();
			}
		}
	}

	@Test
	void aStoppedBusRefusesSendsAsNotConnectedAndRequestAsyncFailsItsFuture() {
		try (ExpServer server = ExpServer.builder().start()) {
			ExpEventBus bus = Buses.bus(server, Buses.JOE);
			bus.start();
			ExpChannel organization = bus.organization();
			bus.stop();
			assertThatExceptionOfType(ExpNotConnectedException.class)
				.isThrownBy(() -> organization.broadcast("Hi!", null, Duration.ofMillis(100)));
			assertThatExceptionOfType(ExpNotConnectedException.class)
				.isThrownBy(() -> organization.request("ping", ExpTarget.device(Buses.DEVICE_1), null));
			CompletableFuture<?> answer = organization.requestAsync("ping", ExpTarget.device(Buses.DEVICE_1), null);
			assertThat(answer).failsWithin(Duration.ofSeconds(1))
				.withThrowableOfType(ExecutionException.class)
				.withCauseInstanceOf(ExpNotConnectedException.class);
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void stoppingWhileAResponderRunsDropsItsResponseQuietly(CapturedOutput output) throws Exception {
		List<Throwable> uncaught = new CopyOnWriteArrayList<>();
		Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
		Thread.setDefaultUncaughtExceptionHandler((thread, ex) -> uncaught.add(ex));
		try (ExpServer server = ExpServer.builder().start()) {
			ExpEventBus app = Buses.bus(server, Buses.JOE);
			ExpEventBus device = Buses.bus(server, Buses.LOBBY_DISPLAY);
			app.start();
			device.start();
			CountDownLatch running = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			CountDownLatch returned = new CountDownLatch(1);
			device.organization().respond("slow", (request) -> {
				running.countDown();
				awaitUninterruptibly(release);
				returned.countDown();
				return "late";
			});
			CompletableFuture<?> answer = app.organization()
				.requestAsync("slow", ExpTarget.device(Buses.DEVICE_1), null);
			assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
			device.stop();
			release.countDown();
			assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(uncaught::isEmpty);
			app.stop();
			assertThat(answer).isCompletedExceptionally();
		}
		finally {
			Thread.setDefaultUncaughtExceptionHandler(previous);
		}
		assertThat(uncaught).isEmpty();
		assertThat(output).doesNotContain("Responder for 'slow'").doesNotContain("ExpNotConnectedException");
	}

	@Test
	void aRefreshedTokenIsUsedOnTheNextConnectWithoutLoggingInAgain() {
		try (ExpServer server = ExpServer.builder().tokenLifetime(Duration.ofSeconds(6)).start()) {
			ReactiveExpApiClient api = Buses.api(server, Buses.LOBBY_DISPLAY);
			ExpEventBus device = api.eventBus().settings(Buses.settings(Duration.ofSeconds(10))).build();
			device.start();
			try {
				String first = api.auth().block().token();
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
		try (ServerSocket socket = new ServerSocket(0)) {
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
			// buses of other tests of this JVM may still be winding down: only this bus's
			// threads count
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(threadNames()).filteredOn((name) -> !before.contains(name))
					.noneMatch((name) -> name.startsWith("exp-bus-")));
		}
	}

	@Test
	void aPlainSpringContextRunsTheBusAsALifecycleWithoutStartingAnyServer() {
		try (ExpServer server = ExpServer.builder().start()) {
			Set<String> before = threadNames();
			List<ExpConnectionEvent> events = new CopyOnWriteArrayList<>();
			try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
				context.registerBean(ExpEventBus.class,
						() -> Buses.api(server, Buses.JOE).eventBus().eventPublisher(context).build());
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

	private static void awaitUninterruptibly(CountDownLatch latch) {
		boolean interrupted = false;
		while (latch.getCount() > 0) {
			try {
				latch.await();
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static ExpEventBusSettings offlineStart() {
		return Buses.settings(Duration.ofSeconds(1))
			.toBuilder()
			.startTimeout(Duration.ofSeconds(1))
			.failOnStartTimeout(false)
			.build();
	}

	private static ExpEventBusSettings backoff(Duration min, Duration max) {
		return Buses.settings(Duration.ofSeconds(10))
			.toBuilder()
			.reconnectMinBackoff(min)
			.reconnectMaxBackoff(max)
			.build();
	}

	/**
	 * Live threads of the bus (its API client's exp-http threads are the client's, closed
	 * with it).
	 */
	private static Set<String> busThreads() {
		Set<String> names = threadNames();
		names.removeIf((name) -> !name.startsWith("exp-bus-"));
		return names;
	}

	private static ExpEventBusSettings shortStart() {
		return Buses.settings(Duration.ofSeconds(1))
			.toBuilder()
			.startTimeout(Duration.ofSeconds(2))
			.connectTimeout(Duration.ofSeconds(1))
			.build();
	}

	private static Set<String> threadNames() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.collect(Collectors.toSet());
	}

}
