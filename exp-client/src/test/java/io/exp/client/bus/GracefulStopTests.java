package io.exp.client.bus;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.exp.server.ExpServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stop lets the handlers in progress finish and send their answers, up to the shutdown
 * timeout.
 */
class GracefulStopTests {

	private static ExpServer server;

	private static ExpEventBus app;

	@BeforeAll
	static void start() {
		server = ExpServer.builder().start();
		app = Buses.bus(server, Buses.JOE);
		app.start();
	}

	@AfterAll
	static void stop() {
		app.stop();
		server.close();
	}

	@Test
	void aResponderInProgressStillSendsItsAnswerWhenTheBusStops() throws Exception {
		ExpEventBus device = Buses.bus(server, Buses.LOBBY_DISPLAY);
		device.start();
		CountDownLatch started = new CountDownLatch(1);
		device.organization().respond("slow", (request) -> {
			started.countDown();
			try {
				Thread.sleep(1000);
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException("interrupted");
			}
			return "finished";
		});
		CompletableFuture<@Nullable Object> answer = app.organization()
			.requestAsync("slow", ExpTarget.device(Buses.DEVICE_1), null);
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		device.stop();
		assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("finished");
		assertThat(device.isConnected()).isFalse();
	}

	@Test
	void anAsynchronousAnswerInProgressIsStillSentWhenTheBusStops() throws Exception {
		ExpEventBus device = Buses.bus(server, Buses.LOBBY_DISPLAY);
		device.start();
		CountDownLatch started = new CountDownLatch(1);
		device.organization().respond("later", (request) -> {
			started.countDown();
			return CompletableFuture.supplyAsync(() -> "later", CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
		});
		CompletableFuture<@Nullable Object> answer = app.organization()
			.requestAsync("later", ExpTarget.device(Buses.DEVICE_1), null);
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		device.stop();
		assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("later");
	}

	@Test
	void handlersStillRunningAfterTheShutdownTimeoutAreCutShort() throws Exception {
		ExpEventBus device = Buses.bus(server, Buses.LOBBY_DISPLAY,
				Buses.settings(Duration.ofSeconds(10)).toBuilder().shutdownTimeout(Duration.ofMillis(300)).build());
		device.start();
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		device.organization().respond("stuck", (request) -> {
			started.countDown();
			try {
				release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return "too late";
		});
		app.organization().requestAsync("stuck", ExpTarget.device(Buses.DEVICE_1), null);
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		long stopping = System.nanoTime();
		device.stop();
		release.countDown();
		assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(5));
	}

}
