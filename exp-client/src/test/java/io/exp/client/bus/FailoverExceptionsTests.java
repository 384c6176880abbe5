package io.exp.client.bus;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.exp.client.ExpNotConnectedException;
import io.exp.client.ExpRequestException;
import io.exp.client.ExpTimeoutException;
import io.exp.server.ExpServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While a node dies and the bus has not noticed yet, requests and broadcasts fail only
 * with the SDK's documented exceptions, never with Spring's
 * {@code MessageDeliveryException} or {@code IllegalStateException}.
 */
class FailoverExceptionsTests {

	private static final Set<Class<? extends Throwable>> DOCUMENTED = Set.of(ExpNotConnectedException.class,
			ExpTimeoutException.class, ExpRequestException.class);

	@Test
	void callsDuringTheLossOfTheServerFailOnlyWithDocumentedExceptions() throws Exception {
		ExpServer server = ExpServer.builder().start();
		ExpEventBus app = Buses.bus(server, Buses.JOE, Buses.settings(Duration.ofSeconds(2)));
		ExpEventBus device = Buses.bus(server, Buses.LOBBY_DISPLAY);
		app.start();
		device.start();
		device.organization().respond("ping", (request) -> "pong");
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		List<CompletableFuture<@Nullable Object>> requests = new CopyOnWriteArrayList<>();
		AtomicBoolean calling = new AtomicBoolean(true);
		Thread caller = new Thread(() -> {
			while (calling.get()) {
				requests.add(app.organization().requestAsync("ping", ExpTarget.device(Buses.DEVICE_1), null));
				try {
					app.organization().broadcast("tick", null);
				}
				catch (RuntimeException ex) {
					failures.add(ex);
				}
			}
		});
		try {
			caller.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> requests.size() > 100);
			server.close();
			await().atMost(Duration.ofSeconds(10)).until(() -> !app.isConnected());
			Thread.sleep(200);
			calling.set(false);
			caller.join(10_000);
			for (CompletableFuture<@Nullable Object> request : requests) {
				request.handle((value, ex) -> (ex != null) ? failures.add(unwrapped(ex)) : null).join();
			}
			assertThat(failures).isNotEmpty()
				.allSatisfy((failure) -> assertThat(DOCUMENTED).as(failure.toString())
					.anySatisfy((type) -> assertThat(failure).isInstanceOf(type)));
		}
		finally {
			calling.set(false);
			app.stop();
			device.stop();
		}
	}

	private static Throwable unwrapped(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

}
