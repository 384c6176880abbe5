package io.exp.benchmarks.bus;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

import io.exp.benchmarks.PlainStomp;
import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.ChannelId;
import io.exp.server.fixture.DefaultFixture;

import org.springframework.messaging.simp.stomp.StompSession;

/**
 * The cost of a broadcast history shared by the nodes of a cluster: two pairs of nodes
 * joined through the same RabbitMQ (STOMP on 127.0.0.1:61613, guest), one pair keeping
 * history per node (broadcasts relayed on the channels' topics), the other sharing a
 * RabbitMQ stream ({@code exp.server.bus.history.stream}). For each pair, with plain
 * STOMP clients: the round trip of a broadcast answered by a broadcast, between two
 * clients on the same node and on different nodes, and the one-way rate of a burst of
 * broadcasts from one node to a listener on the other. After each pair's pass, the raw
 * baseline: the same round trip between two plain STOMP clients on the broker alone
 * ({@link RawBrokerRoundTrips}), on topics and through a stream of its own. A warm-up
 * pass, then measured passes that alternate which pair goes first, and the medians. The
 * streams are deleted at the end ({@code rabbitmqctl}). With {@code artemis}, both pairs
 * on an embedded ActiveMQ Artemis instead, the sharing pair through a sequencer
 * ({@code exp.server.bus.history.sequencer}), and the raw baseline's second path
 * forwarded through a queue.
 * <p>
 * {@code exp-benchmarks/run io.exp.benchmarks.bus.SharedHistoryHarness [round trips] [broadcasts] [passes] [rabbitmq|artemis]}
 */
public final class SharedHistoryHarness {

	private static final String JOE = "u1000000-0000-4000-8000-000000000001";

	private static final int RABBITMQ_STOMP_PORT = 61613;

	private SharedHistoryHarness() {
	}

	public static void main(String[] args) throws Exception {
		int roundTrips = (args.length > 0) ? Integer.parseInt(args[0]) : 5_000;
		int broadcasts = (args.length > 1) ? Integer.parseInt(args[1]) : 50_000;
		int passes = (args.length > 2) ? Integer.parseInt(args[2]) : 3;
		boolean artemis = args.length > 3 && args[3].equals("artemis");
		PlainStomp.quietLogging(SharedHistoryHarness.class);
		PlainStomp.Broker broker = artemis ? PlainStomp.startArtemis() : null;
		Map<String, Object> relay = (broker != null) ? Map.of("exp.server.bus.relay.port", broker.stompPort())
				: Map.of("exp.server.bus.relay.virtual-host", "/");
		String stream = artemis ? PlainStomp.SHARED_BROADCASTS : "exp.benchmark." + UUID.randomUUID();
		String key = TokenService.randomKey();
		String rawStream = "exp.benchmark.raw." + UUID.randomUUID();
		try (RawBaseline raw = new RawBaseline(
				new RawBrokerRoundTrips(artemis ? broker.stompPort() : RABBITMQ_STOMP_PORT, "/"),
				artemis ? null : rawStream);
				ExpServer perNodeA = node(key, relay, null, false);
				ExpServer perNodeB = node(key, relay, null, false);
				ExpServer streamA = node(key, relay, stream, artemis);
				ExpServer streamB = node(key, relay, stream, artemis)) {
			Map<String, ExpServer[]> pairs = new LinkedHashMap<>();
			pairs.put("per node", new ExpServer[] { perNodeA, perNodeB });
			pairs.put(artemis ? "sequencer" : "stream", new ExpServer[] { streamA, streamB });
			System.out.println("== warm-up (not counted)");
			pairs.forEach((name, pair) -> measure(pair, roundTrips, broadcasts).print(name));
			raw.measure(roundTrips).print();
			Map<String, List<Result>> results = new LinkedHashMap<>();
			List<RawResult> rawResults = new ArrayList<>();
			List<String> names = new ArrayList<>(pairs.keySet());
			for (int pass = 1; pass <= passes; pass++) {
				System.out.println("== pass " + pass);
				for (int i = 0; i < names.size(); i++) {
					String name = names.get((pass - 1 + i) % names.size());
					results.computeIfAbsent(name, (n) -> new ArrayList<>())
						.add(measure(pairs.get(name), roundTrips, broadcasts).print(name));
				}
				rawResults.add(raw.measure(roundTrips).print());
			}
			System.out.println("== median of " + passes + " passes");
			results.forEach((name, list) -> Result.median(list).print(name));
			RawResult.median(rawResults).print();
		}
		finally {
			if (broker != null) {
				broker.artemis().stop();
			}
			else {
				deleteQueue(stream);
				deleteQueue(rawStream);
			}
		}
	}

	private static void deleteQueue(String name) throws Exception {
		new ProcessBuilder("rabbitmqctl", "-q", "delete_queue", name).inheritIO()
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start()
			.waitFor();
	}

	private static ExpServer node(String key, Map<String, Object> relay, String stream, boolean sequencer) {
		ExpServer.Builder node = ExpServer.builder()
			.property("logging.level.root", "warn")
			.property("exp.server.signing-key", key)
			.property("exp.server.bus.relay.enabled", true)
			.property("exp.server.bus.history.sequencer", sequencer)
			// the burst's listener runs in this JVM, on a busy machine: not cut as a slow
			// reader
			.property("exp.server.bus.send-buffer-size-limit", 64 * 1024 * 1024);
		relay.forEach(node::property);
		if (stream != null) {
			node.property("exp.server.bus.history.stream", stream);
		}
		return node.start();
	}

	private static Result measure(ExpServer[] pair, int roundTrips, int broadcasts) {
		try {
			return new Result(roundTrips(pair[0], pair[0], roundTrips), roundTrips(pair[0], pair[1], roundTrips),
					burst(pair[0], pair[1], broadcasts), broadcasts);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A user on one node broadcasts a ping; a device on the other answers each with a
	 * broadcast on another channel; the time until the user hears it.
	 */
	private static long[] roundTrips(ExpServer userNode, ExpServer deviceNode, int count) throws Exception {
		String ping = new ChannelId("exp", "ping-" + UUID.randomUUID(), false, false).encode();
		String pong = new ChannelId("exp", "pong-" + UUID.randomUUID(), false, false).encode();
		try (PlainStomp client = new PlainStomp()) {
			StompSession user = connect(client, userNode, new Identity(JOE, "user", "exp", DefaultFixture.JOE));
			StompSession device = connect(client, deviceNode,
					new Identity(DefaultFixture.DEVICE_1, "device", "exp", null));
			Map<Object, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();
			PlainStomp.subscribe(device, "/topic/channel." + ping, (envelope) -> device.send("/app/broadcast",
					Map.of("channel", pong, "name", "pong", "payload", envelope.get("payload"))));
			PlainStomp.subscribe(user, "/topic/channel." + pong, (envelope) -> {
				CompletableFuture<Object> answer = pending.remove(envelope.get("payload"));
				if (answer != null) {
					answer.complete(envelope);
				}
			});
			Thread.sleep(1000); // the subscriptions settle (on the broker too)
			long[] nanos = new long[count];
			for (int i = -count / 4; i < count; i++) {
				CompletableFuture<Object> answer = new CompletableFuture<>();
				pending.put(i, answer);
				long start = System.nanoTime();
				user.send("/app/broadcast", Map.of("channel", ping, "name", "ping", "payload", i));
				answer.get(10, TimeUnit.SECONDS);
				if (i >= 0) {
					nanos[i] = System.nanoTime() - start;
				}
			}
			Arrays.sort(nanos);
			return nanos;
		}
	}

	/**
	 * Broadcasts from one node, as fast as the sender goes, to a listener on the other.
	 */
	private static double burst(ExpServer from, ExpServer to, int count) throws Exception {
		String burst = new ChannelId("exp", "burst-" + UUID.randomUUID(), false, false).encode();
		try (PlainStomp client = new PlainStomp()) {
			StompSession user = connect(client, from, new Identity(JOE, "user", "exp", DefaultFixture.JOE));
			StompSession device = connect(client, to, new Identity(DefaultFixture.DEVICE_1, "device", "exp", null));
			AtomicInteger received = new AtomicInteger();
			PlainStomp.subscribe(device, "/topic/channel." + burst, (envelope) -> received.incrementAndGet());
			Thread.sleep(1000);
			long start = System.nanoTime();
			for (int i = 0; i < count; i++) {
				user.send("/app/broadcast", Map.of("channel", burst, "name", "tick", "payload", i));
			}
			long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
			while (received.get() < count && System.nanoTime() < deadline) {
				Thread.sleep(1);
			}
			long elapsed = System.nanoTime() - start;
			if (received.get() < count) {
				System.out.println("   burst incomplete: " + received.get() + "/" + count);
			}
			return received.get() / (elapsed / 1e9);
		}
	}

	private static StompSession connect(PlainStomp client, ExpServer node, Identity identity) throws Exception {
		return client.connect("ws://localhost:" + node.getPort() + "/eventbus",
				node.getBean(TokenService.class).issue(identity));
	}

	/** What one pass of one pair measured. */
	private record Result(double localP50, double localP99, double crossP50, double crossP99, double rate,
			int broadcasts) {

		Result(long[] local, long[] cross, double rate, int broadcasts) {
			this(millis(local, 0.5), millis(local, 0.99), millis(cross, 0.5), millis(cross, 0.99), rate, broadcasts);
		}

		static Result median(List<Result> results) {
			return new Result(medianOf(results, Result::localP50), medianOf(results, Result::localP99),
					medianOf(results, Result::crossP50), medianOf(results, Result::crossP99),
					medianOf(results, Result::rate), results.get(0).broadcasts());
		}

		Result print(String what) {
			System.out.printf(
					"%-9s broadcast round trip same node p50 %.3f ms, p99 %.3f ms | across nodes p50 %.3f ms, p99 %.3f ms"
							+ " | burst across nodes %,.0f msg/s%n",
					what, this.localP50, this.localP99, this.crossP50, this.crossP99, this.rate);
			return this;
		}

	}

	/**
	 * The broker alone, measured beside the nodes: round trips on topics, and through a
	 * RabbitMQ stream or, on Artemis (no stream), forwarded through a queue.
	 */
	private record RawBaseline(RawBrokerRoundTrips trips, String stream) implements AutoCloseable {

		RawResult measure(int count) {
			try {
				long[] topics = this.trips.topics(count);
				long[] shared = (this.stream != null) ? this.trips.stream(this.stream, count)
						: this.trips.forwarded(count);
				return new RawResult(millis(topics, 0.5), millis(topics, 0.99), millis(shared, 0.5),
						millis(shared, 0.99), (this.stream != null) ? "stream" : "forwarded");
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void close() {
			this.trips.close();
		}

	}

	/** What one pass measured of the broker alone. */
	private record RawResult(double topicsP50, double topicsP99, double sharedP50, double sharedP99, String shared) {

		static RawResult median(List<RawResult> results) {
			return new RawResult(medianOf(results, RawResult::topicsP50), medianOf(results, RawResult::topicsP99),
					medianOf(results, RawResult::sharedP50), medianOf(results, RawResult::sharedP99),
					results.get(0).shared());
		}

		RawResult print() {
			System.out.printf(
					"broker alone, round trip: topics p50 %.3f ms, p99 %.3f ms | %s p50 %.3f ms, p99 %.3f ms%n",
					this.topicsP50, this.topicsP99, this.shared, this.sharedP50, this.sharedP99);
			return this;
		}

	}

	/** The median of one figure of the passes' results. */
	private static <T> double medianOf(List<T> results, ToDoubleFunction<T> figure) {
		double[] values = results.stream().mapToDouble(figure).sorted().toArray();
		return values[values.length / 2];
	}

	private static double millis(long[] sorted, double quantile) {
		return sorted[(int) (sorted.length * quantile)] / 1e6;
	}

}
