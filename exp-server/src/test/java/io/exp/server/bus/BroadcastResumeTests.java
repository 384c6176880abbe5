package io.exp.server.bus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.support.ExecutorSubscribableChannel;

import static io.exp.server.bus.TickFrames.broadcast;
import static io.exp.server.bus.TickFrames.next;
import static io.exp.server.bus.TickFrames.number;
import static io.exp.server.bus.TickFrames.routed;
import static io.exp.server.bus.TickFrames.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resuming a channel subscription after the last serial seen ({@code exp-resume-after}),
 * over raw STOMP frames: what was missed comes first, in order and once, then live
 * broadcasts; a gap the history no longer covers is said explicitly; bad serials and
 * other organizations' channels are refused.
 */
class BroadcastResumeTests {

	private static final int MAX_MESSAGES = 2000;

	private static ExpServer server;

	@BeforeAll
	static void start() {
		server = ExpServer.builder().property("exp.server.bus.history.max-messages", MAX_MESSAGES).start();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void broadcastsAreDeliveredOnThePublishersThreadSoTheChannelLockSpansTheirFanOut() {
		ExecutorSubscribableChannel broker = server.getBean("brokerChannel", ExecutorSubscribableChannel.class);
		assertThat(broker.getExecutor()).isNull();
		assertThat(broker.getInterceptors()).hasAtLeastOneElementOfType(SerialStamp.class);
	}

	@Test
	void aListenerAwayWhile100BroadcastsAreSentGetsThemAllInOrderOnceOnResumingThenLiveOnes() throws Exception {
		String channel = EventBusTests.channel("exp", "resume-100", false, false);
		try (RawStompSocket publisher = connect(EventBusTests.JOE)) {
			String last;
			try (RawStompSocket listener = connect(EventBusTests.DEVICE_1)) {
				subscribe(listener, channel, Map.of());
				broadcast(publisher, channel, 0);
				StompFrame seen = next(listener, "MESSAGE");
				assertThat(seen.body()).contains("\"n\":0");
				assertThat(seen.header(Serial.HEADER)).isNotNull();
				last = seen.header(Serial.HEADER);
			}
			for (int n = 1; n <= 100; n++) {
				broadcast(publisher, channel, n);
			}
			routed(publisher);
			try (RawStompSocket listener = connect(EventBusTests.DEVICE_1)) {
				subscribe(listener, channel, Map.of(Serial.RESUME_HEADER, last));
				long previous = Serial.parse(last).number();
				for (int n = 1; n <= 100; n++) {
					StompFrame replayed = next(listener, "MESSAGE");
					assertThat(replayed.body()).contains("\"n\":" + n + "}");
					assertThat(replayed.header(ResumedSubscriptions.REPLAYED)).isEqualTo("true");
					assertThat(Serial.parse(replayed.header(Serial.HEADER)).number()).isEqualTo(previous + 1);
					previous++;
				}
				assertThat(next(listener, "RECEIPT").header("receipt-id")).isEqualTo("subscribed");
				broadcast(publisher, channel, 101);
				StompFrame live = next(listener, "MESSAGE");
				assertThat(live.body()).contains("\"n\":101}");
				assertThat(live.header(ResumedSubscriptions.REPLAYED)).isNull();
				assertThat(Serial.parse(live.header(Serial.HEADER)).number()).isEqualTo(previous + 1);
			}
		}
	}

	@Test
	void resumingWhileBroadcastsFlowLosesNoneAndRepeatsNoneAcrossTheHandover() throws Exception {
		String channel = EventBusTests.channel("exp", "resume-flow", false, false);
		int total = 3000;
		int[] resumePoints = { 200, 700, 1200, 1700 };
		try (RawStompSocket publisher = connect(EventBusTests.JOE);
				RawStompSocket watcher = connect(EventBusTests.DEVICE_1)) {
			subscribe(watcher, channel, Map.of());
			ExecutorService threads = Executors.newCachedThreadPool();
			CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
				try {
					for (int n = 1; n <= total; n++) {
						broadcast(publisher, channel, n);
					}
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}, threads);
			List<RawStompSocket> resumers = new ArrayList<>();
			List<CompletableFuture<List<Integer>>> received = new ArrayList<>();
			try {
				int point = 0;
				for (int n = 1; n <= total; n++) {
					StompFrame frame = next(watcher, "MESSAGE");
					assertThat(frame.body()).contains("\"n\":" + n + "}");
					if (point < resumePoints.length && n == resumePoints[point]) {
						RawStompSocket resumer = connect(EventBusTests.DEVICE_2);
						resumers.add(resumer);
						resumer.send("SUBSCRIBE", Map.of("id", "0", "destination", "/topic/channel." + channel,
								Serial.RESUME_HEADER, frame.header(Serial.HEADER)), "");
						received.add(CompletableFuture.supplyAsync(() -> numbersUpTo(resumer, total), threads));
						point++;
					}
				}
				publishing.get(60, TimeUnit.SECONDS);
				for (int i = 0; i < resumePoints.length; i++) {
					List<Integer> expected = new ArrayList<>();
					for (int n = resumePoints[i] + 1; n <= total; n++) {
						expected.add(n);
					}
					assertThat(received.get(i).get(60, TimeUnit.SECONDS)).as("resumed after %d", resumePoints[i])
						.isEqualTo(expected);
				}
			}
			finally {
				for (RawStompSocket resumer : resumers) {
					resumer.close();
				}
				threads.shutdownNow();
			}
		}
	}

	@Test
	void aGapLongerThanTheHistoryIsSaidExplicitlyBeforeWhatIsStillHeld() throws Exception {
		String channel = EventBusTests.channel("exp", "resume-gap", false, false);
		try (RawStompSocket publisher = connect(EventBusTests.JOE)) {
			String last;
			try (RawStompSocket listener = connect(EventBusTests.DEVICE_1)) {
				subscribe(listener, channel, Map.of());
				broadcast(publisher, channel, 0);
				last = next(listener, "MESSAGE").header(Serial.HEADER);
			}
			int missed = MAX_MESSAGES + 50;
			for (int n = 1; n <= missed; n++) {
				broadcast(publisher, channel, n);
			}
			routed(publisher);
			try (RawStompSocket listener = connect(EventBusTests.DEVICE_1)) {
				subscribe(listener, channel, Map.of(Serial.RESUME_HEADER, last));
				StompFrame discontinuity = next(listener, "MESSAGE");
				assertThat(discontinuity.header(DiscontinuityFrames.DISCONTINUITY)).isEqualTo("true");
				assertThat(discontinuity.body()).contains("\"type\":\"discontinuity\"");
				String oldest = discontinuity.header(DiscontinuityFrames.OLDEST);
				assertThat(Serial.parse(oldest).number())
					.isEqualTo(Serial.parse(last).number() + missed - MAX_MESSAGES + 1);
				StompFrame first = next(listener, "MESSAGE");
				assertThat(first.header(Serial.HEADER)).isEqualTo(oldest);
				assertThat(first.body()).contains("\"n\":" + (missed - MAX_MESSAGES + 1) + "}");
			}
		}
	}

	@Test
	void aSerialFromAnotherHistoryIsADiscontinuityFollowedByLiveBroadcastsOnly() throws Exception {
		String channel = EventBusTests.channel("exp", "resume-elsewhere", false, false);
		try (RawStompSocket publisher = connect(EventBusTests.JOE);
				RawStompSocket listener = connect(EventBusTests.DEVICE_1)) {
			broadcast(publisher, channel, 1);
			routed(publisher);
			subscribe(listener, channel, Map.of(Serial.RESUME_HEADER, "otherepoch.7"));
			StompFrame discontinuity = next(listener, "MESSAGE");
			assertThat(discontinuity.header(DiscontinuityFrames.DISCONTINUITY)).isEqualTo("true");
			assertThat(next(listener, "RECEIPT").header("receipt-id")).isEqualTo("subscribed");
			broadcast(publisher, channel, 2);
			assertThat(next(listener, "MESSAGE").body()).contains("\"n\":2}");
		}
	}

	@Test
	void aSubscribeWithoutResumeGetsOnlyLiveBroadcasts() throws Exception {
		String channel = EventBusTests.channel("exp", "resume-none", false, false);
		try (RawStompSocket publisher = connect(EventBusTests.JOE);
				RawStompSocket listener = connect(EventBusTests.DEVICE_1)) {
			for (int n = 1; n <= 10; n++) {
				broadcast(publisher, channel, n);
			}
			routed(publisher);
			subscribe(listener, channel, Map.of());
			broadcast(publisher, channel, 11);
			assertThat(next(listener, "MESSAGE").body()).contains("\"n\":11}");
		}
	}

	@Test
	void aBadResumeSerialIsRefusedWithAnErrorFrameNamingItsReceiptAndTheServerGoesOn() throws Exception {
		String channel = EventBusTests.channel("exp", "resume-bad", false, false);
		String assigned;
		try (RawStompSocket publisher = connect(EventBusTests.JOE);
				RawStompSocket listener = connect(EventBusTests.DEVICE_1)) {
			subscribe(listener, channel, Map.of());
			broadcast(publisher, channel, 1);
			assigned = next(listener, "MESSAGE").header(Serial.HEADER);
		}
		String epoch = Serial.parse(assigned).epoch();
		for (Map.Entry<String, String> resume : List.of(Map.entry("/topic/channel." + channel, "banana"),
				Map.entry("/topic/channel." + channel, epoch + ".999999"), Map.entry("/topic/channel." + channel, ""),
				Map.entry("/user/queue/responses", assigned))) {
			try (RawStompSocket client = connect(EventBusTests.DEVICE_1)) {
				client.send("SUBSCRIBE", Map.of("id", "0", "destination", resume.getKey(), Serial.RESUME_HEADER,
						resume.getValue(), "receipt", "r-7"), "");
				assertThat(client.readUntilClosed()).as(resume.toString())
					.startsWith("ERROR")
					.contains("code:" + ResumedSubscriptions.INVALID)
					.contains("\nreceipt-id:r-7\n");
			}
		}
		try (RawStompSocket listener = connect(EventBusTests.DEVICE_1)) {
			subscribe(listener, channel, Map.of(Serial.RESUME_HEADER, assigned));
			assertThat(next(listener, "RECEIPT").header("receipt-id")).isEqualTo("subscribed");
		}
	}

	@Test
	void anotherOrganizationsChannelCannotBeReplayed() throws Exception {
		String channel = EventBusTests.ORGANIZATION;
		String assigned;
		try (RawStompSocket publisher = connect(EventBusTests.JOE);
				RawStompSocket listener = connect(EventBusTests.DEVICE_1)) {
			subscribe(listener, channel, Map.of());
			broadcast(publisher, channel, 1);
			assigned = next(listener, "MESSAGE").header(Serial.HEADER);
			broadcast(publisher, channel, 2);
			routed(publisher);
		}
		try (RawStompSocket ann = connect(EventBusTests.ANN)) {
			ann.send("SUBSCRIBE",
					Map.of("id", "0", "destination", "/topic/channel." + channel, Serial.RESUME_HEADER, assigned), "");
			String seen = ann.readUntilClosed();
			assertThat(seen).startsWith("ERROR").contains("code:channel.forbidden").doesNotContain("\"n\":2");
		}
	}

	private static RawStompSocket connect(Identity identity) throws IOException {
		return RawStompSocket.connect(server.getPort(), server.getBean(TokenService.class).issue(identity));
	}

	private static List<Integer> numbersUpTo(RawStompSocket socket, int last) {
		List<Integer> numbers = new ArrayList<>();
		try {
			while (numbers.isEmpty() || numbers.get(numbers.size() - 1) < last) {
				numbers.add(number(next(socket, "MESSAGE")));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return numbers;
	}

}
