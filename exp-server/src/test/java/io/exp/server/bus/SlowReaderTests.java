package io.exp.server.bus;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.StompTestClient.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that never read their socket, and a client that floods them, delay nobody else:
 * an unrelated organization's broadcasts keep their latency, the slow sessions are closed
 * once past their bounds, and the memory they held is given back.
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
		String floodedChannel = EventBusTests.channel("exp", "flooded", false, false);
		String acme = EventBusTests.channel("acme", "organization", false, false);
		List<RawStompSocket> slow = new ArrayList<>();
		AtomicBoolean flooding = new AtomicBoolean(true);
		AtomicInteger sent = new AtomicInteger();
		try (Connection ann = connect(EventBusTests.ANN); Connection annSender = connect(EventBusTests.ANN)) {
			BlockingQueue<Map<String, Object>> probes = ann.subscribe("/topic/channel." + acme);
			EventBusTests.subscribed(ann);
			long[] quiet = probe(annSender, probes, acme);
			for (int i = 0; i < SLOW_READERS; i++) {
				RawStompSocket reader = RawStompSocket.open(server.getPort(), 4096);
				reader.send("CONNECT\naccept-version:1.2\nheart-beat:0,0\nAuthorization:Bearer " + token() + "\n\n\0");
				assertThat(reader.read()).startsWith("CONNECTED");
				reader.send("SUBSCRIBE",
						Map.of("id", "0", "destination", "/topic/channel." + floodedChannel, "receipt", "r"), "");
				assertThat(reader.read()).startsWith("RECEIPT");
				slow.add(reader);
			}
			Thread flooder = new Thread(() -> flood(floodedChannel, flooding, sent), "flooder");
			flooder.start();
			await().until(() -> sent.get() > 200);
			long[] flooded = probe(annSender, probes, acme);
			flooding.set(false);
			flooder.join();
			// the figures docs/benchmarks.md quotes
			System.out.printf(
					"unrelated broadcast round trip, ms: quiet p50 %.2f max %.2f; while %,d messages of 8 KB "
							+ "flooded %d readers that never read: p50 %.2f max %.2f%n",
					quiet[15] / 1e6, quiet[29] / 1e6, sent.get(), SLOW_READERS, flooded[15] / 1e6, flooded[29] / 1e6);
			assertThat(Duration.ofNanos(flooded[29]))
				.as("slowest probe while %d messages flooded %d slow readers", sent.get(), SLOW_READERS)
				.isLessThan(Duration.ofMillis(1000));
			for (RawStompSocket reader : slow) {
				assertThat(reader.readUntilClosedSkipping()).isTrue();
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> server.getBean(OutboundMemory.class).used() == 0);
		}
		finally {
			flooding.set(false);
			for (RawStompSocket reader : slow) {
				reader.close();
			}
		}
	}

	/**
	 * Broadcasts 30 probes 100 ms apart and returns their round trips, sorted.
	 */
	private static long[] probe(Connection sender, BlockingQueue<Map<String, Object>> probes, String channel)
			throws InterruptedException {
		long[] roundTrips = new long[30];
		for (int i = 0; i < roundTrips.length; i++) {
			long start = System.nanoTime();
			sender.send("/app/broadcast", Map.of("channel", channel, "name", "probe", "payload", i));
			assertThat(probes.poll(10, TimeUnit.SECONDS)).as("probe %d", i).containsEntry("payload", i);
			roundTrips[i] = System.nanoTime() - start;
			Thread.sleep(100);
		}
		Arrays.sort(roundTrips);
		return roundTrips;
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

	private static Connection connect(Identity identity) {
		return stomp.connect(server.getBean(TokenService.class).issue(identity));
	}

}
