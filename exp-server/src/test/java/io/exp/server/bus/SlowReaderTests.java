package io.exp.server.bus;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.exp.server.ExpServer;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.StompTestClient.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that never read their socket, and a client that floods them, delay nobody else: an unrelated
 * organization's broadcasts keep their latency, the slow sessions are closed once past their bounds, and the memory
 * they held is given back.
 */
class SlowReaderTests {

	private static final int SLOW_READERS = 8;

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
	void readersThatNeverReadDelayNoOtherSessionAndAreClosed() throws Exception {
		String flooded = EventBusTests.channel("exp", "flooded", false, false);
		String acme = EventBusTests.channel("acme", "organization", false, false);
		List<RawStompSocket> slow = new ArrayList<>();
		AtomicBoolean flooding = new AtomicBoolean(true);
		AtomicInteger sent = new AtomicInteger();
		try (Connection ann = connect(EventBusTests.ANN); Connection annSender = connect(EventBusTests.ANN)) {
			BlockingQueue<Map<String, Object>> probes = ann.subscribe("/topic/channel." + acme);
			EventBusTests.subscribed(ann);
			for (int i = 0; i < SLOW_READERS; i++) {
				RawStompSocket reader = RawStompSocket.open(server.getPort(), 4096);
				reader.send("CONNECT\naccept-version:1.2\nheart-beat:0,0\nAuthorization:Bearer " + token() + "\n\n\0");
				assertThat(reader.read()).startsWith("CONNECTED");
				reader.send("SUBSCRIBE", Map.of("id", "0", "destination", "/topic/channel." + flooded, "receipt", "r"), "");
				assertThat(reader.read()).startsWith("RECEIPT");
				slow.add(reader);
			}
			Thread flooder = new Thread(() -> flood(flooded, flooding, sent), "flooder");
			flooder.start();
			await().until(() -> sent.get() > 200);
			long worst = 0;
			for (int i = 0; i < 30; i++) {
				long start = System.nanoTime();
				annSender.send("/app/broadcast", Map.of("channel", acme, "name", "probe", "payload", i));
				assertThat(probes.poll(10, TimeUnit.SECONDS)).as("probe %d", i).containsEntry("payload", i);
				worst = Math.max(worst, System.nanoTime() - start);
				Thread.sleep(100);
			}
			flooding.set(false);
			flooder.join();
			assertThat(Duration.ofNanos(worst)).as("slowest probe while %d messages flooded %d slow readers",
					sent.get(), SLOW_READERS).isLessThan(Duration.ofMillis(1000));
			for (RawStompSocket reader : slow) {
				assertThat(reader.readUntilClosedSkipping()).isTrue();
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> server.getBean(OutboundMemory.class).used() == 0);
		}
		finally {
			flooding.set(false);
			for (RawStompSocket reader : slow) {
				reader.close();
			}
		}
	}

	private static void flood(String channel, AtomicBoolean flooding, AtomicInteger sent) {
		String body = "{\"channel\":\"" + channel + "\",\"name\":\"flood\",\"payload\":\"" + "x".repeat(8000) + "\"}";
		try (RawStompSocket flooder = RawStompSocket.connect(server.getPort(), token())) {
			while (flooding.get()) {
				flooder.send("SEND", Map.of("destination", "/app/broadcast", "content-type", "application/json"), body);
				sent.incrementAndGet();
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String token() {
		return server.getBean(TokenService.class).issue(EventBusTests.JOE);
	}

	private static Connection connect(io.exp.server.auth.Identity identity) {
		return stomp.connect(server.getBean(TokenService.class).issue(identity));
	}

}
