package io.exp.benchmarks.bus;

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
import java.util.function.BiConsumer;
import java.util.function.ToDoubleFunction;

import io.exp.benchmarks.PlainStomp;
import io.exp.client.api.ReactiveExpApiClient;
import io.exp.client.auth.ExpCredentials;
import io.exp.client.bus.ExpChannel;
import io.exp.client.bus.ExpEventBus;
import io.exp.client.bus.ExpTarget;
import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.ChannelId;
import io.exp.server.fixture.DefaultFixture;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.simp.stomp.StompSession;

/**
 * Request/response round trips and one-way broadcast throughput through
 * {@link ExpEventBus}, against a plain spring-messaging STOMP client pair doing the same
 * on the same embedded server, and against the same plain pair on the plain stack
 * ({@link StockStompServer}: Spring's simple broker at its defaults), in one run; the
 * plain pair also runs on a second embedded server that keeps no broadcast history
 * (exp.server.bus.history.enabled=false), for the cost of numbering and keeping
 * broadcasts.
 * <p>
 * A warm-up pass of every client, then measured passes that rotate which client goes
 * first, and the medians.
 * <p>
 * {@code exp-benchmarks/run io.exp.benchmarks.bus.EventBusHarness [round trips] [broadcasts] [passes]}
 */
public final class EventBusHarness {

	private static final String DEVICE = DefaultFixture.DEVICE_1;

	private static final String JOE = "u1000000-0000-4000-8000-000000000001";

	private EventBusHarness() {
	}

	public static void main(String[] args) throws Exception {
		int roundTrips = (args.length > 0) ? Integer.parseInt(args[0]) : 20_000;
		int broadcasts = (args.length > 1) ? Integer.parseInt(args[1]) : 100_000;
		int passes = (args.length > 2) ? Integer.parseInt(args[2]) : 3;
		try (ExpServer server = ExpServer.builder().property("logging.level.root", "warn").start();
				ExpServer noHistory = ExpServer.builder()
					.property("logging.level.root", "warn")
					.property("exp.server.bus.history.enabled", false)
					.start();
				ConfigurableApplicationContext stock = StockStompServer.start()) {
			List<Contender> contenders = List.of(
					new Contender("ExpEventBus", () -> expEventBus(server, roundTrips, broadcasts)),
					new Contender("plain STOMP", () -> plainStomp(server, roundTrips, broadcasts)),
					new Contender("plain STOMP, history off", () -> plainStomp(noHistory, roundTrips, broadcasts)),
					new Contender("stock Spring", () -> stockSpring(stock, roundTrips, broadcasts)));
			System.out.println("== warm-up (every client, not counted)");
			for (Contender contender : contenders) {
				contender.measure().print(contender.name());
			}
			Map<String, List<Result>> results = new LinkedHashMap<>();
			for (int pass = 1; pass <= passes; pass++) {
				System.out
					.println("== pass " + pass + " (" + roundTrips + " round trips, " + broadcasts + " broadcasts)");
				for (int i = 0; i < contenders.size(); i++) { // each pass starts with the
																// next client
					Contender contender = contenders.get((pass - 1 + i) % contenders.size());
					results.computeIfAbsent(contender.name(), (name) -> new ArrayList<>())
						.add(contender.measure().print(contender.name()));
				}
			}
			System.out.println("== median of " + passes + " passes");
			results.forEach((name, measured) -> Result.median(measured).print(name));
		}
		System.exit(0);
	}

	private static Result expEventBus(ExpServer server, int roundTrips, int broadcasts) throws Exception {
		ExpEventBus app = bus(server, ExpCredentials.user(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp"));
		ExpEventBus device = bus(server, ExpCredentials.device(DEVICE, DefaultFixture.DEVICE_1_SECRET, false));
		try {
			device.organization().respond("echo", (request) -> request.getPayload());
			ExpChannel channel = app.organization();
			long[] nanos = new long[roundTrips];
			for (int i = -roundTrips / 4; i < roundTrips; i++) {
				long start = System.nanoTime();
				channel.request("echo", ExpTarget.device(DEVICE), i);
				if (i >= 0) {
					nanos[i] = System.nanoTime() - start;
				}
			}
			AtomicInteger received = new AtomicInteger();
			device.channel("burst").listen("tick", (message) -> received.incrementAndGet());
			ExpChannel burst = app.channel("burst");
			long start = System.nanoTime();
			for (int i = 0; i < broadcasts; i++) {
				burst.broadcast("tick", i);
			}
			long elapsed = awaitCount(received, broadcasts, start);
			return Result.of(nanos, received.get(), broadcasts, elapsed);
		}
		finally {
			app.stop();
			device.stop();
		}
	}

	private static Result plainStomp(ExpServer server, int roundTrips, int broadcasts) throws Exception {
		TokenService tokens = server.getBean(TokenService.class);
		PlainStomp client = new PlainStomp();
		String url = "ws://localhost:" + server.getPort() + "/eventbus";
		String organization = new ChannelId("exp", "organization", false, false).encode();
		String burst = new ChannelId("exp", "burst", false, false).encode();
		StompSession app = client.connect(url, tokens.issue(new Identity(JOE, "user", "exp", DefaultFixture.JOE)));
		StompSession device = client.connect(url, tokens.issue(new Identity(DEVICE, "device", "exp", null)));
		Map<String, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();
		PlainStomp.subscribe(device, "/user/queue/requests",
				(envelope) -> device.send("/app/response", Map.of("id", envelope.get("id"), "channel",
						envelope.get("channel"), "payload", envelope.get("payload"), "target", Map.of("uuid", JOE))));
		PlainStomp.subscribe(app, "/user/queue/responses",
				(envelope) -> pending.remove(envelope.get("id")).complete(envelope.get("payload")));
		AtomicInteger received = new AtomicInteger();
		PlainStomp.subscribe(device, "/topic/channel." + burst, (envelope) -> received.incrementAndGet());
		Thread.sleep(500); // subscriptions settle: the plain client has no receipts
							// configured
		long[] nanos = roundTrips(roundTrips, pending, (id, i) -> app.send("/app/request", Map.of("id", id, "channel",
				organization, "name", "echo", "payload", i, "target", Map.of("device", DEVICE))));
		long start = System.nanoTime();
		for (int i = 0; i < broadcasts; i++) {
			app.send("/app/broadcast", Map.of("channel", burst, "name", "tick", "payload", i));
		}
		long elapsed = awaitCount(received, broadcasts, start);
		app.disconnect();
		device.disconnect();
		client.close();
		return Result.of(nanos, received.get(), broadcasts, elapsed);
	}

	/**
	 * The same two roles through the plain stack: a Spring Boot app with the simple
	 * broker at its defaults, the request and the reply each a broker topic, the burst
	 * another.
	 */
	private static Result stockSpring(ConfigurableApplicationContext stock, int roundTrips, int broadcasts)
			throws Exception {
		PlainStomp client = new PlainStomp();
		String url = StockStompServer.url(stock);
		StompSession app = client.connect(url, "none");
		StompSession device = client.connect(url, "none");
		Map<String, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();
		PlainStomp.subscribe(device, "/topic/requests", (envelope) -> device.send("/topic/replies",
				Map.of("id", envelope.get("id"), "payload", envelope.get("payload"))));
		PlainStomp.subscribe(app, "/topic/replies",
				(envelope) -> pending.remove(envelope.get("id")).complete(envelope.get("payload")));
		AtomicInteger received = new AtomicInteger();
		PlainStomp.subscribe(device, "/topic/burst", (envelope) -> received.incrementAndGet());
		Thread.sleep(500); // subscriptions settle: no receipts configured
		long[] nanos = roundTrips(roundTrips, pending,
				(id, i) -> app.send("/topic/requests", Map.of("id", id, "payload", i)));
		long start = System.nanoTime();
		try {
			for (int i = 0; i < broadcasts; i++) {
				app.send("/topic/burst", Map.of("name", "tick", "payload", i));
			}
		}
		catch (IllegalStateException ex) {
			// the default send buffer limit makes the server close a session that falls
			// behind
			System.out.println("stock Spring: the server closed a session during the burst: " + ex.getMessage());
		}
		long elapsed = awaitCount(received, broadcasts, start);
		client.close();
		return Result.of(nanos, received.get(), broadcasts, elapsed);
	}

	/**
	 * Times sequential round trips of a plain client: a quarter more first, not counted
	 * (warm-up).
	 */
	private static long[] roundTrips(int count, Map<String, CompletableFuture<Object>> pending,
			BiConsumer<String, Integer> request) throws Exception {
		long[] nanos = new long[count];
		for (int i = -count / 4; i < count; i++) {
			String id = UUID.randomUUID().toString();
			CompletableFuture<Object> response = new CompletableFuture<>();
			pending.put(id, response);
			long start = System.nanoTime();
			request.accept(id, i);
			response.get(10, TimeUnit.SECONDS);
			if (i >= 0) {
				nanos[i] = System.nanoTime() - start;
			}
		}
		return nanos;
	}

	private static ExpEventBus bus(ExpServer server, ExpCredentials credentials) {
		ExpEventBus bus = ReactiveExpApiClient.builder()
			.baseUrl(server.getUrl())
			.credentials(credentials)
			.build()
			.eventBus()
			.build();
		bus.start();
		return bus;
	}

	private static long awaitCount(AtomicInteger received, int expected, long start) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		int last = -1;
		long lastChange = System.nanoTime();
		while (received.get() < expected && System.nanoTime() < deadline) {
			int now = received.get();
			if (now != last) {
				last = now;
				lastChange = System.nanoTime();
			}
			else if (System.nanoTime() - lastChange > Duration.ofSeconds(10).toNanos()) {
				break; // stalled
			}
			Thread.sleep(1);
		}
		return System.nanoTime() - start;
	}

	/**
	 * One client under test.
	 */
	private record Contender(String name, Measurement measurement) {

		Result measure() throws Exception {
			return this.measurement.run();
		}

	}

	@FunctionalInterface
	private interface Measurement {

		Result run() throws Exception;

	}

	/**
	 * What one pass of one client measured.
	 */
	private record Result(double p50, double p99, int received, int sent, double rate) {

		static Result of(long[] nanos, int received, int sent, long elapsedNanos) {
			long[] sorted = nanos.clone();
			Arrays.sort(sorted);
			return new Result(sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6, received,
					sent, received / (elapsedNanos / 1e9));
		}

		/** The median of each figure on its own; delivered counts the worst pass. */
		static Result median(List<Result> results) {
			return new Result(median(results, Result::p50), median(results, Result::p99),
					results.stream().mapToInt(Result::received).min().orElse(0), results.get(0).sent(),
					median(results, Result::rate));
		}

		private static double median(List<Result> results, ToDoubleFunction<Result> figure) {
			double[] values = results.stream().mapToDouble(figure).sorted().toArray();
			return values[values.length / 2];
		}

		Result print(String what) {
			System.out.printf("%-12s round trip p50 %.3f ms, p99 %.3f ms | one-way %,d/%,d delivered, %,.0f msg/s%n",
					what, this.p50, this.p99, this.received, this.sent, this.rate);
			return this;
		}

	}

}
