package io.exp.client.bus;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.exp.client.ExpNotConnectedException;
import io.exp.client.api.ReactiveExpApiClient;
import io.exp.client.auth.ExpCredentials;
import io.exp.client.event.ExpDiscontinuityEvent;
import io.exp.server.ExpServer;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.RabbitBroker;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener whose connection drops resumes each channel after the last broadcast it
 * received: what was sent while it was away arrives first, in order and once, then the
 * live broadcasts; when the server no longer holds it all (a long gap, another server),
 * the bus says so with a discontinuity, on its callback and as an application event.
 * Requests are not replayed.
 */
class SubscriptionResumeTests {

	private final Deque<AutoCloseable> closing = new ArrayDeque<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closing) {
			closeable.close();
		}
	}

	@Test
	void aListenerCutOffForTwoSecondsGetsEveryBroadcastSentMeanwhileInOrderAndOnce() throws Exception {
		ExpServer server = closing(ExpServer.builder().start());
		TcpProxy proxy = closing(new TcpProxy(server.getPort()));
		ExpEventBus device = started(bus(proxy.getUrl(), Buses.LOBBY_DISPLAY, Buses.settings(Duration.ofSeconds(10))));
		ExpEventBus app = started(Buses.bus(server, Buses.JOE));
		List<Object> received = ticks(device);
		List<ExpDiscontinuityEvent> discontinuities = discontinuities(device);
		app.organization().broadcast("tick", 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
		proxy.cut();
		await().atMost(Duration.ofSeconds(10)).until(() -> !device.isConnected());
		long cutAt = System.nanoTime();
		for (int tick = 1; tick <= 100; tick++) {
			app.organization().broadcast("tick", tick);
		}
		Thread.sleep(Math.max(0, 2000 - Duration.ofNanos(System.nanoTime() - cutAt).toMillis()));
		proxy.reopen();
		await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 101);
		app.organization().broadcast("tick", 101);
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 102);
		Thread.sleep(300);
		assertThat(received).containsExactlyElementsOf(IntStream.rangeClosed(0, 101).boxed().toList());
		assertThat(discontinuities).isEmpty();
	}

	@Test
	void aGapLongerThanTheHistoryIsADiscontinuityThenWhatTheServerStillHeldThenLiveBroadcasts() throws Exception {
		ExpServer server = closing(ExpServer.builder().property("exp.server.bus.history.max-messages", 10).start());
		TcpProxy proxy = closing(new TcpProxy(server.getPort()));
		List<Object> published = new CopyOnWriteArrayList<>();
		ExpEventBus device = started(api(proxy.getUrl(), Buses.LOBBY_DISPLAY).eventBus()
			.settings(Buses.settings(Duration.ofSeconds(10)))
			.eventPublisher(published::add)
			.build());
		ExpEventBus app = started(Buses.bus(server, Buses.JOE));
		List<Object> received = ticks(device);
		List<Object> sent = ticks(app);
		List<ExpDiscontinuityEvent> discontinuities = discontinuities(device);
		app.organization().broadcast("tick", 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
		proxy.cut();
		await().atMost(Duration.ofSeconds(10)).until(() -> !device.isConnected());
		for (int tick = 1; tick <= 50; tick++) {
			app.organization().broadcast("tick", tick);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> sent.contains(50));
		proxy.reopen();
		await().atMost(Duration.ofSeconds(20)).until(() -> !discontinuities.isEmpty() && device.isConnected());
		app.organization().broadcast("tick", 51);
		await().atMost(Duration.ofSeconds(10)).until(() -> received.contains(51));
		assertThat(discontinuities).singleElement().satisfies((event) -> {
			assertThat(event.getChannel().getName()).isEqualTo("organization");
			assertThat(event.getChannel().isSystem()).isFalse();
			assertThat(event.getOldestSerial()).isNotBlank();
			assertThat(event.getSource()).isSameAs(device);
		});
		assertThat(published).filteredOn(ExpDiscontinuityEvent.class::isInstance)
			.containsExactlyElementsOf(discontinuities);
		assertThat(received).as("the broadcast before the gap, the ten the server held after it, the live one")
			.containsExactly(0, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51);
	}

	@Test
	void failingOverToAnotherServerIsADiscontinuity() throws Exception {
		ExpServer.Builder node = ExpServer.builder().property("exp.server.signing-key", TokenService.randomKey());
		ExpServer nodeA = closing(node.start());
		ExpServer nodeB = closing(node.start());
		ExpEventBus device = started(deviceOn(nodeA, nodeB));
		List<Object> received = ticks(device);
		List<ExpDiscontinuityEvent> discontinuities = discontinuities(device);
		ExpEventBus appOnA = started(Buses.bus(nodeA, Buses.JOE));
		appOnA.organization().broadcast("tick", 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
		appOnA.stop();
		nodeA.stop();
		await().atMost(Duration.ofSeconds(30)).until(() -> !discontinuities.isEmpty() && device.isConnected());
		started(Buses.bus(nodeB, Buses.JOE)).organization().broadcast("tick", 2);
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
		assertThat(received).containsExactly(1, 2);
		assertThat(discontinuities).singleElement()
			.satisfies((event) -> assertThat(event.getChannel().getName()).isEqualTo("organization"));
	}

	@Test
	void failingOverWithinAClusterThatSharesABroadcastStreamLosesNothingAndIsNoDiscontinuity() throws Exception {
		String stream = "exp.test.client." + UUID.randomUUID();
		closing(() -> RabbitBroker.deleteQueue(stream));
		ExpServer.Builder node = ExpServer.builder()
			.property("exp.server.signing-key", TokenService.randomKey())
			.property("exp.server.bus.relay.enabled", true)
			.property("exp.server.bus.relay.port", RabbitBroker.stompPort())
			.property("exp.server.bus.relay.virtual-host", "/")
			.property("exp.server.bus.history.stream", stream);
		ExpServer nodeA = closing(node.start());
		ExpServer nodeB = closing(node.start());
		ExpEventBus device = started(deviceOn(nodeA, nodeB));
		List<Object> received = ticks(device);
		List<ExpDiscontinuityEvent> discontinuities = discontinuities(device);
		ExpEventBus appOnB = started(Buses.bus(nodeB, Buses.JOE));
		appOnB.organization().broadcast("tick", 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
		nodeA.stop();
		List<Object> expected = new ArrayList<>(List.of(0));
		for (int tick = 1; tick <= 50; tick++) {
			appOnB.organization().broadcast("tick", tick);
			expected.add(tick);
			Thread.sleep(20);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> received.contains(50));
		assertThat(received).as("every tick, sent before, during and after the fail-over, once and in order")
			.containsExactlyElementsOf(expected);
		assertThat(discontinuities).isEmpty();
	}

	@Test
	void aRefusedResumeSubscribesOnceWithoutResumingAndIsADiscontinuity() throws Exception {
		ExpServer server = closing(ExpServer.builder().start());
		TcpProxy proxy = closing(new TcpProxy(server.getPort()));
		ExpEventBus device = started(bus(proxy.getUrl(), Buses.LOBBY_DISPLAY, Buses.settings(Duration.ofSeconds(10))));
		ExpEventBus app = started(Buses.bus(server, Buses.JOE));
		List<Object> received = ticks(device);
		List<ExpDiscontinuityEvent> discontinuities = discontinuities(device);
		List<Boolean> transitions = new CopyOnWriteArrayList<>();
		device.onConnectionChange((event) -> transitions.add(event.isOnline()));
		// the device believes it saw broadcast 9 of the channel, which the server never
		// sent: it is refused to resume from it
		proxy.rewriteFromServer((chunk) -> new String(chunk, StandardCharsets.ISO_8859_1)
			.replaceAll("(exp-serial:[0-9A-Za-z]+)\\.1\n", "$1.9\n")
			.getBytes(StandardCharsets.ISO_8859_1));
		app.organization().broadcast("tick", 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
		proxy.rewriteFromServer((chunk) -> chunk);
		proxy.cut();
		await().atMost(Duration.ofSeconds(10)).until(() -> !device.isConnected());
		proxy.reopen();
		await().atMost(Duration.ofSeconds(20)).until(() -> !discontinuities.isEmpty() && device.isConnected());
		app.organization().broadcast("tick", 2);
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
		Thread.sleep(500);
		assertThat(received).containsExactly(1, 2);
		assertThat(discontinuities).singleElement().satisfies((event) -> assertThat(event.getOldestSerial()).isNull());
		assertThat(transitions).containsExactly(false, true);
	}

	@Test
	void aRefusedResumeCostsOnlyItsChannelTheOthersGetEveryBroadcastSentMeanwhile() throws Exception {
		ExpServer server = closing(ExpServer.builder().start());
		TcpProxy proxy = closing(new TcpProxy(server.getPort()));
		ExpEventBus device = started(bus(proxy.getUrl(), Buses.LOBBY_DISPLAY, Buses.settings(Duration.ofSeconds(10))));
		ExpEventBus app = started(Buses.bus(server, Buses.JOE));
		List<Object> refused = ticks(device.organization());
		List<Object> resumed = ticks(device.channel("resumed", false, false));
		List<ExpDiscontinuityEvent> discontinuities = discontinuities(device);
		// the device believes it saw broadcast 9 of the organization channel, which the
		// server never sent: only that channel is refused to resume
		String organization = "destination:/topic/channel." + ChannelIds.encode("exp", "organization", false, false);
		proxy.rewriteFromServer((chunk) -> {
			String frame = new String(chunk, StandardCharsets.ISO_8859_1);
			return frame.contains(organization + "\n") ? frame.replaceAll("(exp-serial:[0-9A-Za-z]+)\\.1\n", "$1.9\n")
				.getBytes(StandardCharsets.ISO_8859_1) : chunk;
		});
		app.organization().broadcast("tick", 0);
		app.channel("resumed", false, false).broadcast("tick", 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> refused.size() == 1 && resumed.size() == 1);
		proxy.rewriteFromServer((chunk) -> chunk);
		proxy.cut();
		await().atMost(Duration.ofSeconds(10)).until(() -> !device.isConnected());
		app.organization().broadcast("tick", 1);
		for (int tick = 1; tick <= 50; tick++) {
			app.channel("resumed", false, false).broadcast("tick", tick);
		}
		proxy.reopen();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> !discontinuities.isEmpty() && device.isConnected() && resumed.size() >= 51);
		app.organization().broadcast("tick", 2);
		app.channel("resumed", false, false).broadcast("tick", 51);
		await().atMost(Duration.ofSeconds(10)).until(() -> refused.contains(2) && resumed.contains(51));
		Thread.sleep(300);
		assertThat(resumed).as("every broadcast of the channel whose resume was accepted, once and in order")
			.containsExactlyElementsOf(IntStream.rangeClosed(0, 51).boxed().toList());
		assertThat(refused).as("the broadcast sent while away on the refused channel is lost").containsExactly(0, 2);
		assertThat(discontinuities).singleElement()
			.satisfies((event) -> assertThat(event.getChannel().getName()).isEqualTo("organization"));
	}

	@Test
	void aMissedBroadcastTooLargeForTheListenerIsADiscontinuityNotAReconnectLoop() {
		ExpServer server = closing(ExpServer.builder().property("exp.server.bus.max-message-size", 256 * 1024).start());
		ExpEventBus device = started(Buses.bus(server, Buses.LOBBY_DISPLAY));
		ExpEventBus app = started(Buses.bus(server, Buses.JOE,
				Buses.settings(Duration.ofSeconds(10)).toBuilder().maxMessageSize(DataSize.ofKilobytes(128)).build()));
		List<Object> received = ticks(device);
		List<ExpDiscontinuityEvent> discontinuities = discontinuities(device);
		app.organization().broadcast("tick", 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
		// over the device's limit (32 KB): it closes the connection, and would again on
		// every replay of it
		app.organization().broadcast("tick", "x".repeat(40_000));
		await().atMost(Duration.ofSeconds(20)).until(() -> !discontinuities.isEmpty() && device.isConnected());
		app.organization().broadcast("tick", 2);
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
		assertThat(received).containsExactly(1, 2);
		assertThat(discontinuities).hasSize(1);
	}

	@Test
	void aBroadcastArrivingTwiceWithTheSameSerialReachesTheListenersOnce() throws Exception {
		ExpServer server = closing(ExpServer.builder().start());
		TcpProxy proxy = closing(new TcpProxy(server.getPort()));
		ExpEventBus device = started(bus(proxy.getUrl(), Buses.LOBBY_DISPLAY, Buses.settings(Duration.ofSeconds(10))));
		ExpEventBus app = started(Buses.bus(server, Buses.JOE));
		List<Object> received = ticks(device);
		proxy.rewriteFromServer(SubscriptionResumeTests::broadcastFramesTwice);
		app.organization().broadcast("tick", 1);
		app.organization().broadcast("tick", 2);
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
		Thread.sleep(500);
		assertThat(received).containsExactly(1, 2);
	}

	/**
	 * Sends each WebSocket frame that holds a whole broadcast twice.
	 */
	private static byte[] broadcastFramesTwice(byte[] chunk) {
		boolean oneTextFrame = chunk.length > 2 && chunk[0] == (byte) 0x81
				&& ((chunk[1] < 126 && chunk.length == 2 + chunk[1])
						|| (chunk[1] == 126 && chunk.length == 4 + (((chunk[2] & 0xff) << 8) | (chunk[3] & 0xff))));
		if (!oneTextFrame || !new String(chunk, StandardCharsets.ISO_8859_1).contains("exp-serial:")) {
			return chunk;
		}
		byte[] twice = Arrays.copyOf(chunk, chunk.length * 2);
		System.arraycopy(chunk, 0, twice, chunk.length, chunk.length);
		return twice;
	}

	@Test
	void withResumeOffAReconnectedListenerGetsLiveBroadcastsOnly() throws Exception {
		ExpServer server = closing(ExpServer.builder().start());
		TcpProxy proxy = closing(new TcpProxy(server.getPort()));
		ExpEventBus device = started(bus(proxy.getUrl(), Buses.LOBBY_DISPLAY,
				Buses.settings(Duration.ofSeconds(10)).toBuilder().resume(false).build()));
		ExpEventBus app = started(Buses.bus(server, Buses.JOE));
		List<Object> received = ticks(device);
		List<ExpDiscontinuityEvent> discontinuities = discontinuities(device);
		app.organization().broadcast("tick", 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
		proxy.cut();
		await().atMost(Duration.ofSeconds(10)).until(() -> !device.isConnected());
		app.organization().broadcast("tick", 2);
		proxy.reopen();
		await().atMost(Duration.ofSeconds(20)).until(device::isConnected);
		app.organization().broadcast("tick", 3);
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
		Thread.sleep(300);
		assertThat(received).containsExactly(1, 3);
		assertThat(discontinuities).isEmpty();
	}

	@Test
	void aRequestWaitingWhenTheConnectionDropsFailsAsNotConnectedAndMayBeSentAgain() throws Exception {
		ExpServer server = closing(ExpServer.builder().start());
		TcpProxy proxy = closing(new TcpProxy(server.getPort()));
		ExpEventBus app = started(bus(proxy.getUrl(), Buses.JOE, Buses.settings(Duration.ofSeconds(30))));
		ExpEventBus device = started(Buses.bus(server, Buses.LOBBY_DISPLAY));
		CountDownLatch answering = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		device.organization().respond("ping", (request) -> {
			answering.countDown();
			await().atMost(Duration.ofSeconds(30)).until(() -> release.await(100, TimeUnit.MILLISECONDS));
			return "pong";
		});
		CompletableFuture<@Nullable Object> waiting = app.organization()
			.requestAsync("ping", ExpTarget.device(Buses.DEVICE_1), null);
		assertThat(answering.await(10, TimeUnit.SECONDS)).isTrue();
		proxy.cut();
		assertThat(waiting).failsWithin(Duration.ofSeconds(10))
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(ExpNotConnectedException.class);
		release.countDown();
		proxy.reopen();
		await().atMost(Duration.ofSeconds(20)).until(app::isConnected);
		assertThat(app.organization().request("ping", ExpTarget.device(Buses.DEVICE_1), null)).isEqualTo("pong");
	}

	private static List<Object> ticks(ExpEventBus bus) {
		return ticks(bus.organization());
	}

	private static List<Object> ticks(ExpChannel channel) {
		List<Object> received = new CopyOnWriteArrayList<>();
		channel.listen("tick", (message) -> received.add(message.getPayload()));
		return received;
	}

	private static List<ExpDiscontinuityEvent> discontinuities(ExpEventBus bus) {
		List<ExpDiscontinuityEvent> discontinuities = new CopyOnWriteArrayList<>();
		bus.onDiscontinuity(discontinuities::add);
		return discontinuities;
	}

	/** A device's bus that connects to the first node and fails over to the second. */
	private static ExpEventBus deviceOn(ExpServer first, ExpServer second) {
		return bus(first.getUrl() + "," + second.getUrl(), Buses.LOBBY_DISPLAY, Buses.settings(Duration.ofSeconds(10)));
	}

	private static ExpEventBus bus(String baseUrl, ExpCredentials credentials, ExpEventBusSettings settings) {
		return api(baseUrl, credentials).eventBus().settings(settings).build();
	}

	private static ReactiveExpApiClient api(String baseUrl, ExpCredentials credentials) {
		return ReactiveExpApiClient.builder().baseUrl(baseUrl).credentials(credentials).build();
	}

	private ExpEventBus started(ExpEventBus bus) {
		bus.start();
		this.closing.addFirst(bus::stop);
		return bus;
	}

	private <T extends AutoCloseable> T closing(T closeable) {
		this.closing.addFirst(closeable);
		return closeable;
	}

}
