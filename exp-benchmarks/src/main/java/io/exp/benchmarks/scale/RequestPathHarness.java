package io.exp.benchmarks.scale;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.exp.benchmarks.PlainStomp;
import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.ChannelId;

import org.springframework.messaging.simp.stomp.StompSession;

/**
 * Request/response round trips along three paths in one run, so the cost of each step
 * shows against the one before: a requester and its target on one node alone (no broker),
 * on one node of a relayed cluster (the node's broker connection is open but the request
 * never leaves the node), and on two nodes of that cluster (the request and its response
 * each cross the broker once). Plain STOMP clients in the same JVM as the nodes and, for
 * Artemis, the broker; the paths take turns over several passes. With {@code processes},
 * each node runs in a JVM of its own (512 MB of heap), apart from the clients and from
 * each other; the broker stays where it is (RabbitMQ is a process of its own, Artemis
 * runs in the harness's JVM).
 * <p>
 * {@code exp-benchmarks/run io.exp.benchmarks.scale.RequestPathHarness [round trips] [passes] [artemis|rabbitmq] [processes]}
 */
public final class RequestPathHarness {

	private static final String ORGANIZATION = new ChannelId("exp", "organization", false, false).encode();

	private RequestPathHarness() {
	}

	public static void main(String[] args) throws Exception {
		int roundTrips = (args.length > 0) ? Integer.parseInt(args[0]) : 5000;
		int passes = (args.length > 1) ? Integer.parseInt(args[1]) : 3;
		boolean rabbit = (args.length > 2) && "rabbitmq".equals(args[2]);
		boolean separate = (args.length > 3) && "processes".equals(args[3]);
		// RabbitMQ: the one .ci/services installs and starts, with rabbitmq_stomp on
		// 127.0.0.1:61613
		int stompPort = rabbit ? 61613 : PlainStomp.startArtemis().stompPort();
		String key = "request-path-harness-key-" + UUID.randomUUID();
		Map<String, Object> alone = Map.of("exp.server.signing-key", key, "logging.level.root", "warn");
		Map<String, Object> relayed = new HashMap<>(alone);
		relayed.put("exp.server.bus.relay.enabled", true);
		relayed.put("exp.server.bus.relay.port", stompPort);
		relayed.put("exp.server.bus.relay.virtual-host", rabbit ? "/" : "");
		List<NodeProcess> processes = new ArrayList<>();
		String[] urls = { start(alone, separate, processes), start(relayed, separate, processes),
				start(relayed, separate, processes) };
		TokenService tokens = new TokenService(key.getBytes(StandardCharsets.UTF_8), Duration.ofHours(1),
				Clock.systemUTC());
		PlainStomp client = new PlainStomp();
		Path[] paths = { new Path("one node, no broker", client, tokens, urls[0], urls[0], "1"),
				new Path("one node of a cluster", client, tokens, urls[1], urls[1], "2"),
				new Path("across two nodes", client, tokens, urls[1], urls[2], "3") };
		Thread.sleep(2_000); // the nodes announce their devices to each other (presence)
		// pass 0 warms up: the JIT takes tens of thousands of round trips to compile the
		// whole path (a cross-node p50 of 3 ms in the first 5,000, 1.3 ms after 15,000)
		for (int pass = 0; pass <= passes; pass++) {
			for (Path path : paths) {
				long[] collections = collections();
				long[] nanos = path.measure(roundTrips);
				long[] after = collections();
				System.out.printf(
						"%s, %-22s %,d sequential: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms; "
								+ "%d collections, %d ms%s%n",
						(pass > 0) ? "pass " + pass : "warm-up", path.name + ":", roundTrips,
						nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.9)] / 1e6,
						nanos[(int) (nanos.length * 0.99)] / 1e6, nanos[nanos.length - 1] / 1e6,
						after[0] - collections[0], after[1] - collections[1],
						separate ? " in the harness (the nodes collect in their own processes)" : "");
			}
		}
		for (NodeProcess node : processes) {
			node.close();
		}
		System.exit(0);
	}

	/**
	 * Starts a node, in this JVM or in a process of its own.
	 * @param properties its properties
	 * @param separate whether in a process of its own
	 * @param processes the nodes started in processes of their own, to add it to
	 * @return its event bus URL
	 */
	private static String start(Map<String, Object> properties, boolean separate, List<NodeProcess> processes)
			throws Exception {
		if (separate) {
			NodeProcess node = NodeProcess.start("512m", properties);
			processes.add(node);
			return node.url();
		}
		ExpServer.Builder builder = ExpServer.builder();
		properties.forEach(builder::property);
		return HarnessNodes.url(builder.start());
	}

	/**
	 * Returns how many garbage collections the JVM made so far and the milliseconds they
	 * took (every collector together).
	 * @return the count and the milliseconds
	 */
	private static long[] collections() {
		long count = 0;
		long millis = 0;
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			count += Math.max(0, collector.getCollectionCount());
			millis += Math.max(0, collector.getCollectionTime());
		}
		return new long[] { count, millis };
	}

	/**
	 * A requester and a responding device, each on its node.
	 */
	private static final class Path {

		private final String name;

		private final StompSession requester;

		private final String responder;

		private final Map<String, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();

		Path(String name, PlainStomp client, TokenService tokens, String requesterNode, String responderNode,
				String suffix) throws Exception {
			this.name = name;
			this.responder = "responder-" + suffix;
			String requesterName = "requester-" + suffix;
			StompSession device = client.connect(responderNode,
					tokens.issue(new Identity(this.responder, "device", "exp", null)));
			this.requester = client.connect(requesterNode,
					tokens.issue(new Identity(requesterName, "user", "exp", "r")));
			PlainStomp.subscribe(device, "/user/queue/requests",
					(envelope) -> device.send("/app/response", Map.of("id", envelope.get("id"), "channel",
							envelope.get("channel"), "payload", "pong", "target", Map.of("uuid", requesterName))));
			PlainStomp.subscribe(this.requester, "/user/queue/responses", (envelope) -> {
				CompletableFuture<Object> future = this.pending.remove(envelope.get("id"));
				if (future != null) {
					future.complete(envelope.containsKey("error") ? envelope.get("error") : envelope.get("payload"));
				}
			});
		}

		long[] measure(int roundTrips) throws Exception {
			long[] nanos = new long[roundTrips];
			for (int i = 0; i < roundTrips; i++) {
				String id = UUID.randomUUID().toString();
				CompletableFuture<Object> response = new CompletableFuture<>();
				this.pending.put(id, response);
				long sent = System.nanoTime();
				this.requester.send("/app/request", Map.of("id", id, "channel", ORGANIZATION, "name", "ping", "target",
						Map.of("uuid", this.responder)));
				Object answer = response.get(10, TimeUnit.SECONDS);
				nanos[i] = System.nanoTime() - sent;
				if (!"pong".equals(answer)) {
					throw new IllegalStateException(this.name + ": answered " + answer);
				}
			}
			Arrays.sort(nanos);
			return nanos;
		}

	}

}
