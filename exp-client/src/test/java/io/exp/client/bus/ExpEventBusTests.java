package io.exp.client.bus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.exp.client.ExpNotConnectedException;
import io.exp.client.ExpRequestException;
import io.exp.client.ExpTimeoutException;
import io.exp.client.auth.ExpCredentials;
import io.exp.server.ExpServer;
import io.exp.server.fixture.DefaultFixture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Two independent buses in one JVM, a user app and a device, over the embedded server:
 * every channel use the EXP Python SDK documents.
 */
class ExpEventBusTests {

	private static ExpServer server;

	private static ExpEventBus app;

	private static ExpEventBus device;

	@BeforeAll
	static void start() {
		server = ExpServer.builder().start();
		app = Buses.bus(server, Buses.JOE);
		device = Buses.bus(server, Buses.LOBBY_DISPLAY);
		app.start();
		device.start();
	}

	@AfterAll
	static void stop() {
		app.stop();
		device.stop();
		server.close();
	}

	record Greeting(String text, int count) {
	}

	@Test
	void wellKnownChannelsAreScopedByTheIdentity() {
		assertThat(app.organization().getName()).isEqualTo("organization");
		assertThat(app.system().isSystem()).isTrue();
		assertThat(app.experience().getName()).isEqualTo("experience");
		assertThat(device.experience().getName()).isEqualTo(Buses.EXPERIENCE_1);
		assertThat(device.location().getName()).isEqualTo(Buses.LOCATION_1);
	}

	@Test
	void aUserWhoChoosesAnExperienceAndALocationHearsTheDevicesThereOnItsWellKnownChannels() throws Exception {
		ExpEventBus chooser = Buses.api(server, Buses.JOE)
			.eventBus()
			.experience(Buses.EXPERIENCE_1)
			.location(Buses.LOCATION_1)
			.build();
		chooser.start();
		try {
			BlockingQueue<Object> heard = new LinkedBlockingQueue<>();
			chooser.experience().listen("hello", (message) -> heard.add(message.getPayload()));
			chooser.location().listen("hello", (message) -> heard.add(message.getPayload()));
			device.experience().broadcast("hello", "in the experience");
			assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("in the experience");
			device.location().broadcast("hello", "in the location");
			assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("in the location");
		}
		finally {
			chooser.stop();
		}
	}

	@Test
	void sendsOnASystemChannelAreRefusedAtTheCallerForTheServerRefusesThem() {
		ExpChannel system = app.system();
		assertThatIllegalStateException().isThrownBy(() -> system.broadcast("Hi!", null))
			.withMessageContaining("listen-only");
		assertThatIllegalStateException().isThrownBy(() -> system.broadcast("Hi!", null, Duration.ofMillis(100)));
		assertThatIllegalStateException().isThrownBy(system::identify);
		assertThatIllegalStateException()
			.isThrownBy(() -> system.request("ping", ExpTarget.device(Buses.DEVICE_1), null));
		assertThat(system.requestAsync("ping", ExpTarget.device(Buses.DEVICE_1), null)).isCompletedExceptionally();
	}

	@Test
	void aResponseFromAnyoneButTheTargetIsIgnoredAndTheRequestWaitsForItsTarget() throws Exception {
		ExpEventBus otherDevice = Buses.bus(server,
				ExpCredentials.device("d1000000-0000-4000-8000-000000000002", DefaultFixture.DEVICE_2_SECRET, false));
		otherDevice.start();
		BlockingQueue<ExpMessage> requests = new LinkedBlockingQueue<>();
		CountDownLatch release = new CountDownLatch(1);
		ExpSubscription responder = device.organization().respond("slow", (request) -> {
			requests.add(request);
			await().atMost(Duration.ofSeconds(10)).until(() -> release.getCount() == 0);
			return "genuine";
		});
		try {
			CompletableFuture<@Nullable Object> answer = app.organization()
				.requestAsync("slow", ExpTarget.device(Buses.DEVICE_1), null);
			ExpMessage request = requests.poll(10, TimeUnit.SECONDS);
			ChannelParts otherDevicesParts = (ChannelParts) ReflectionTestUtils.getField(otherDevice.organization(),
					"parts");
			otherDevicesParts.outbox().send("/app/response", Envelopes.response(request.getEnvelope(), "spoofed"));
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !answer.isDone());
			release.countDown();
			assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("genuine");
		}
		finally {
			release.countDown();
			responder.cancel();
			otherDevice.stop();
		}
	}

	@Test
	void broadcastReachesListenersRawAndTyped() throws Exception {
		BlockingQueue<ExpMessage> raw = new LinkedBlockingQueue<>();
		BlockingQueue<Greeting> typed = new LinkedBlockingQueue<>();
		ExpSubscription rawSubscription = device.organization().listen("Hi!", raw::add);
		ExpSubscription typedSubscription = device.organization().listen("Hi!", Greeting.class, typed::add);
		try {
			app.organization().broadcast("Hi!", Map.of("text", "hello", "count", 2));
			ExpMessage message = raw.poll(10, TimeUnit.SECONDS);
			assertThat(message.getName()).isEqualTo("Hi!");
			assertThat(message.getPayload()).isEqualTo(Map.of("text", "hello", "count", 2));
			assertThat(typed.poll(10, TimeUnit.SECONDS)).isEqualTo(new Greeting("hello", 2));
		}
		finally {
			rawSubscription.cancel();
			typedSubscription.cancel();
		}
	}

	@Test
	void aPayloadOfTheWrongTypeIsSkippedAndTheBusKeepsWorking() throws Exception {
		BlockingQueue<Greeting> typed = new LinkedBlockingQueue<>();
		ExpSubscription subscription = device.organization().listen("typed", Greeting.class, typed::add);
		try {
			app.organization().broadcast("typed", "not a greeting");
			app.organization().broadcast("typed", Map.of("text", "ok", "count", 1));
			assertThat(typed.poll(10, TimeUnit.SECONDS)).isEqualTo(new Greeting("ok", 1));
		}
		finally {
			subscription.cancel();
		}
	}

	@Test
	void aCancelledListenerReceivesNothingMore() throws Exception {
		BlockingQueue<ExpMessage> cancelled = new LinkedBlockingQueue<>();
		BlockingQueue<ExpMessage> kept = new LinkedBlockingQueue<>();
		device.channel("cancel-test").listen("x", cancelled::add).cancel();
		ExpSubscription keep = device.channel("cancel-test").listen("x", kept::add);
		try {
			app.channel("cancel-test").broadcast("x", 1);
			assertThat(kept.poll(10, TimeUnit.SECONDS)).isNotNull();
			assertThat(cancelled).isEmpty();
		}
		finally {
			keep.cancel();
		}
	}

	@Test
	void requestGetsTheRespondersAnswerBlockingTypedAndAsync() throws Exception {
		ExpSubscription responder = device.experience()
			.respond("sendMeMoney", Map.class,
					(request) -> Map.of("amount", ((Number) request.get("amount")).intValue() * 2));
		try {
			ExpChannel experience = app.channel(Buses.EXPERIENCE_1);
			Object answer = experience.request("sendMeMoney", ExpTarget.device(Buses.DEVICE_1), Map.of("amount", 21));
			assertThat(answer).isEqualTo(Map.of("amount", 42));
			record Money(int amount) {
			}
			assertThat(experience.request("sendMeMoney", ExpTarget.device(Buses.DEVICE_1), Map.of("amount", 1),
					Money.class))
				.isEqualTo(new Money(2));
			assertThat(experience.requestAsync("sendMeMoney", ExpTarget.uuid(Buses.DEVICE_1), Map.of("amount", 5))
				.get(10, TimeUnit.SECONDS)).isEqualTo(Map.of("amount", 10));
		}
		finally {
			responder.cancel();
		}
	}

	@Test
	void aUsersRequestOnItsExperienceOrLocationChannelReachesTheDevicesResponderOnTheChannelOfTheSameName() {
		ExpSubscription money = device.experience()
			.respond("sendMeMoney", Map.class, (request) -> Map.of("sent", request.get("amount")));
		ExpSubscription weather = device.location().respond("weather", (request) -> "sunny");
		try {
			assertThat(app.experience().request("sendMeMoney", ExpTarget.device(Buses.DEVICE_1), Map.of("amount", 5)))
				.isEqualTo(Map.of("sent", 5));
			assertThat(app.location().request("weather", ExpTarget.device(Buses.DEVICE_1), null)).isEqualTo("sunny");
		}
		finally {
			money.cancel();
			weather.cancel();
		}
	}

	@Test
	void aRequestOnAnotherChannelDoesNotReachAWellKnownChannelsResponder() {
		ExpSubscription money = device.experience().respond("sendMeMoney", (request) -> "sent");
		try {
			assertThatExceptionOfType(ExpRequestException.class)
				.isThrownBy(
						() -> app.channel("elsewhere").request("sendMeMoney", ExpTarget.device(Buses.DEVICE_1), null))
				.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo("responder.missing"));
		}
		finally {
			money.cancel();
		}
	}

	@Test
	void aThrowingResponderAnswersWithAnError() {
		ExpSubscription responder = device.location().respond("fail", (request) -> {
			throw new IllegalStateException("out of order");
		});
		try {
			assertThatExceptionOfType(ExpRequestException.class)
				.isThrownBy(() -> app.channel(device.location().getName())
					.request("fail", ExpTarget.device(Buses.DEVICE_1), null))
				.withMessageContaining("out of order")
				.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo("responder.failed"));
		}
		finally {
			responder.cancel();
		}
	}

	@Test
	void aRequestWithoutResponderOrTargetGetsAPromptError() {
		assertThatExceptionOfType(ExpRequestException.class)
			.isThrownBy(() -> app.organization().request("nobody", ExpTarget.device(Buses.DEVICE_1), null))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo("responder.missing"));
		assertThatExceptionOfType(ExpRequestException.class)
			.isThrownBy(() -> app.organization().request("x", ExpTarget.device(Buses.DEVICE_2), null))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo("target.offline"));
	}

	@Test
	void aRequestWithoutAnswerTimesOut() {
		CountDownLatch release = new CountDownLatch(1);
		ExpSubscription responder = device.organization().respond("slow", (request) -> {
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return "late";
		});
		ExpEventBus impatient = Buses.bus(server, Buses.JOE, Buses.settings(Duration.ofMillis(300)));
		impatient.start();
		try {
			assertThatExceptionOfType(ExpTimeoutException.class)
				.isThrownBy(() -> impatient.organization().request("slow", ExpTarget.device(Buses.DEVICE_1), null))
				.withMessageContaining("slow");
		}
		finally {
			release.countDown();
			responder.cancel();
			impatient.stop();
		}
	}

	@Test
	void broadcastCollectsTheResponsesOfListeners() {
		ExpSubscription listener = device.organization().listen("whoIsThere", (message) -> message.respond("lobby"));
		try {
			List<ExpMessage> responses = app.organization().broadcast("whoIsThere", null, Duration.ofSeconds(1));
			assertThat(responses).extracting(ExpMessage::getPayload).containsExactly("lobby");
			assertThat(responses.get(0).getSenderUuid()).isEqualTo(Buses.DEVICE_1);
		}
		finally {
			listener.cancel();
		}
	}

	@Test
	void flingAndIdentifyAreBroadcastsWithTheSdksNames() throws Exception {
		BlockingQueue<ExpMessage> received = new LinkedBlockingQueue<>();
		ExpSubscription fling = device.organization().listen("fling", received::add);
		ExpSubscription identify = device.organization().listen("identify", received::add);
		try {
			app.organization().fling("c0000000-0000-4000-8000-000000000002");
			app.organization().identify();
			assertThat(received.poll(10, TimeUnit.SECONDS).getPayload())
				.isEqualTo(Map.of("uuid", "c0000000-0000-4000-8000-000000000002"));
			assertThat(received.poll(10, TimeUnit.SECONDS).getName()).isEqualTo("identify");
		}
		finally {
			fling.cancel();
			identify.cancel();
		}
	}

	@Test
	void aThrowingListenerDoesNotStopOtherListeners() throws Exception {
		BlockingQueue<ExpMessage> received = new LinkedBlockingQueue<>();
		ExpSubscription failing = device.organization().listen("boom", (message) -> {
			throw new IllegalStateException("listener failure on purpose");
		});
		ExpSubscription working = device.organization().listen("boom", received::add);
		try {
			app.organization().broadcast("boom", 1);
			app.organization().broadcast("boom", 2);
			assertThat(received.poll(10, TimeUnit.SECONDS).getPayload()).isEqualTo(1);
			assertThat(received.poll(10, TimeUnit.SECONDS).getPayload()).isEqualTo(2);
		}
		finally {
			failing.cancel();
			working.cancel();
		}
	}

	@Test
	void aSlowListenerStallsNeitherTheConnectionNorOtherHandlers() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		BlockingQueue<Object> slowReceived = new LinkedBlockingQueue<>();
		BlockingQueue<Object> others = new LinkedBlockingQueue<>();
		ExpSubscription slow = device.organization().listen("busy", (message) -> {
			try {
				release.await(20, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			slowReceived.add(message.getPayload());
		});
		ExpSubscription other = device.organization().listen("quick", (message) -> others.add(message.getPayload()));
		ExpSubscription responder = device.organization().respond("ping", (request) -> "pong");
		try {
			for (int i = 0; i < 5; i++) {
				app.organization().broadcast("busy", i);
			}
			for (int i = 0; i < 100; i++) {
				app.organization().broadcast("quick", i);
			}
			assertThat(app.organization().request("ping", ExpTarget.device(Buses.DEVICE_1), null)).isEqualTo("pong");
			for (int i = 0; i < 100; i++) {
				assertThat(others.poll(10, TimeUnit.SECONDS)).isEqualTo(i);
			}
			assertThat(slowReceived).isEmpty();
			release.countDown();
			for (int i = 0; i < 5; i++) {
				assertThat(slowReceived.poll(10, TimeUnit.SECONDS)).isEqualTo(i);
			}
			assertThat(device.isConnected()).isTrue();
		}
		finally {
			release.countDown();
			slow.cancel();
			other.cancel();
			responder.cancel();
		}
	}

	@Test
	void sendsSubscriptionsAndCancellationsFromManyThreadsAtOnceAllReachTheServer() throws Exception {
		BlockingQueue<ExpMessage> received = new LinkedBlockingQueue<>();
		ExpSubscription listener = device.channel("crowd").listen("tick", received::add);
		ExecutorService threads = Executors.newFixedThreadPool(6);
		try {
			List<Future<?>> work = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				work.add(threads.submit(() -> {
					for (int i = 0; i < 500; i++) {
						app.channel("crowd").broadcast("tick", i);
					}
				}));
			}
			for (int t = 0; t < 2; t++) {
				int thread = t;
				work.add(threads.submit(() -> {
					for (int i = 0; i < 100; i++) {
						app.channel("churn-" + thread + "-" + i).listen("x", (message) -> {
						}).cancel();
					}
				}));
			}
			for (Future<?> done : work) {
				done.get(60, TimeUnit.SECONDS);
			}
			for (int i = 0; i < 2000; i++) {
				assertThat(received.poll(10, TimeUnit.SECONDS)).as("broadcast %d of 2000", i).isNotNull();
			}
			assertThat(app.isConnected()).isTrue();
		}
		finally {
			threads.shutdownNow();
			listener.cancel();
		}
	}

	@Test
	void resourceChannelsAreBoundToTheApiClient() {
		ExpEventBus bus = Buses.bus(server, Buses.JOE);
		try {
			assertThatExceptionOfType(ExpNotConnectedException.class)
				.isThrownBy(() -> bus.organization().broadcast("offline", null))
				.withMessageContaining("offline");
		}
		finally {
			bus.stop();
		}
	}

	@Test
	void aMessageOverTheLimitIsRefusedBeforeSending() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> app.organization().broadcast("big", "x".repeat(100 * 1024)))
			.withMessageContaining("limit");
		assertThat(app.isConnected()).isTrue();
	}

}
