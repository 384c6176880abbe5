package io.exp.benchmarks.scale;

import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.exp.benchmarks.PlainStomp;
import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.ChannelId;

import org.springframework.messaging.simp.stomp.StompSession;

/**
 * Simulated devices on two server nodes relaying to one broker (embedded Artemis, or the
 * local RabbitMQ), all in one JVM: connections held on node A, heap per connection,
 * broadcast fan-out latency from node B to every device on A, and cross-node
 * request/response round trips.
 * <p>
 * {@code exp-benchmarks/run io.exp.benchmarks.scale.ScaleHarness [devices] [broadcasts] [round trips] [artemis|rabbitmq]}
 */
public final class ScaleHarness {

	private ScaleHarness() {
	}

	public static void main(String[] args) throws Exception {
		int devices = (args.length > 0) ? Integer.parseInt(args[0]) : 2000;
		int broadcasts = (args.length > 1) ? Integer.parseInt(args[1]) : 20;
		int roundTrips = (args.length > 2) ? Integer.parseInt(args[2]) : 5000;
		boolean rabbit = (args.length > 3) && "rabbitmq".equals(args[3]);
		// RabbitMQ: the one .ci/services installs and starts, with rabbitmq_stomp on
		// 127.0.0.1:61613
		int stompPort = rabbit ? 61613 : PlainStomp.startArtemis().stompPort();
		ExpServer.Builder builder = ExpServer.builder()
			.property("exp.server.signing-key", TokenService.randomKey())
			.property("exp.server.bus.relay.enabled", true)
			.property("exp.server.bus.relay.port", stompPort)
			.property("exp.server.bus.relay.virtual-host", rabbit ? "/" : "")
			.property("server.tomcat.max-connections", devices + 100)
			.property("logging.level.root", "warn");
		ExpServer nodeA = builder.start();
		ExpServer nodeB = builder.start();
		TokenService tokens = nodeA.getBean(TokenService.class);
		PlainStomp client = new PlainStomp();
		String topic = "/topic/channel." + new ChannelId("exp", "organization", false, false).encode();
		String organization = new ChannelId("exp", "organization", false, false).encode();

		long heapBefore = HarnessNodes.usedHeap();
		long connectStart = System.nanoTime();
		ConcurrentLinkedQueue<Long> deliveries = new ConcurrentLinkedQueue<>();
		Map<Integer, AtomicInteger> perBroadcast = new ConcurrentHashMap<>();
		Map<Integer, Long> lastDelivery = new ConcurrentHashMap<>();
		for (int i = 0; i < devices; i++) {
			StompSession session = client.connect(HarnessNodes.url(nodeA),
					tokens.issue(new Identity("sim-" + i, "device", "exp", null)));
			PlainStomp.subscribe(session, topic, (envelope) -> {
				long now = System.nanoTime();
				Map<?, ?> payload = (Map<?, ?>) envelope.get("payload");
				int index = ((Number) payload.get("index")).intValue();
				deliveries.add(now - ((Number) payload.get("sent")).longValue());
				perBroadcast.computeIfAbsent(index, (k) -> new AtomicInteger()).incrementAndGet();
				lastDelivery.merge(index, now, Math::max);
			});
		}
		double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
		Thread.sleep(2000);
		long heapAfter = HarnessNodes.usedHeap();
		System.out.printf(
				"%,d devices connected to node A in %.1f s; heap %,d MB -> %,d MB, %.1f KB per connection "
						+ "(client and server side together, one JVM)%n",
				devices, connectSeconds, heapBefore >> 20, heapAfter >> 20,
				(heapAfter - heapBefore) / 1024.0 / devices);

		StompSession sender = client.connect(HarnessNodes.url(nodeB),
				tokens.issue(new Identity("sender", "user", "exp", "sender")));
		long[] fanOut = new long[broadcasts];
		Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
		for (int b = 0; b < broadcasts; b++) {
			long sent = System.nanoTime();
			sentAt.put(b, sent);
			sender.send("/app/broadcast",
					Map.of("channel", organization, "name", "fanout", "payload", Map.of("index", b, "sent", sent)));
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (perBroadcast.getOrDefault(b, new AtomicInteger()).get() < devices && System.nanoTime() < deadline) {
				Thread.sleep(1);
			}
			fanOut[b] = lastDelivery.getOrDefault(b, sent) - sent;
		}
		long[] each = deliveries.stream().mapToLong(Long::longValue).sorted().toArray();
		Arrays.sort(fanOut);
		int complete = (int) perBroadcast.values().stream().filter((count) -> count.get() == devices).count();
		System.out.printf(
				"broadcast from node B to %,d devices on node A: %d/%d broadcasts reached all; time to "
						+ "reach all p50 %.1f ms, p99 %.1f ms; single delivery p50 %.1f ms, p99 %.1f ms%n",
				devices, complete, broadcasts, fanOut[fanOut.length / 2] / 1e6,
				fanOut[(int) (fanOut.length * 0.99)] / 1e6, each[each.length / 2] / 1e6,
				each[(int) (each.length * 0.99)] / 1e6);

		StompSession responder = client.connect(HarnessNodes.url(nodeB),
				tokens.issue(new Identity("responder", "device", "exp", null)));
		StompSession requester = client.connect(HarnessNodes.url(nodeA),
				tokens.issue(new Identity("requester", "user", "exp", "r")));
		Map<String, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();
		PlainStomp.subscribe(responder, "/user/queue/requests",
				(envelope) -> responder.send("/app/response", Map.of("id", envelope.get("id"), "channel",
						envelope.get("channel"), "payload", "pong", "target", Map.of("uuid", "requester"))));
		PlainStomp.subscribe(requester, "/user/queue/responses", (envelope) -> {
			CompletableFuture<Object> future = pending.remove(envelope.get("id"));
			if (future != null) {
				future.complete(envelope.get("payload"));
			}
		});
		Thread.sleep(2_000); // node B announces the responder to node A (presence, within
								// a second)
		long[] nanos = new long[roundTrips];
		long start = 0;
		// as many first, not counted: the JIT takes tens of thousands of round trips to
		// compile the whole path (see RequestPathHarness)
		for (int i = -roundTrips; i < roundTrips; i++) {
			if (i == 0) {
				start = System.nanoTime();
			}
			String id = UUID.randomUUID().toString();
			CompletableFuture<Object> response = new CompletableFuture<>();
			pending.put(id, response);
			long sent = System.nanoTime();
			requester.send("/app/request",
					Map.of("id", id, "channel", organization, "name", "ping", "target", Map.of("uuid", "responder")));
			response.get(10, TimeUnit.SECONDS);
			if (i >= 0) {
				nanos[i] = System.nanoTime() - sent;
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		Arrays.sort(nanos);
		System.out.printf(
				"cross-node request/response (A -> B -> A), %,d sequential: p50 %.2f ms, p99 %.2f ms, "
						+ "%.0f round trips/s%n",
				roundTrips, nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6,
				roundTrips / seconds);
		System.exit(0);
	}

}
