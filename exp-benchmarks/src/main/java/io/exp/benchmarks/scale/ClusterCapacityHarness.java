package io.exp.benchmarks.scale;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.exp.benchmarks.PlainStomp;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.ChannelId;

import org.springframework.messaging.simp.stomp.StompSession;

/**
 * A cluster as an operator runs it, on one machine: each node a process of its own on a
 * loopback address of its own ({@code 127.0.0.2}, {@code 127.0.0.3}, ...), joined through
 * the broker, each with its devices in a process of their own ({@link DeviceProcess}, raw
 * STOMP frames on Reactor Netty). A sender on the first node broadcasts to every device
 * of the cluster, one broadcast at a time, each timed until the last device of every node
 * has it; the CPU time every process used per measured broadcast comes from
 * {@code /proc}.
 * <p>
 * {@code ulimit -n 20000; exp-benchmarks/run io.exp.benchmarks.scale.ClusterCapacityHarness [nodes] [devices per node] [broadcasts] [warm-up broadcasts] [rabbitmq|artemis]}
 */
public final class ClusterCapacityHarness {

	private ClusterCapacityHarness() {
	}

	public static void main(String[] args) throws Exception {
		int nodeCount = (args.length > 0) ? Integer.parseInt(args[0]) : 3;
		int perNode = (args.length > 1) ? Integer.parseInt(args[1]) : 15_000;
		int broadcasts = (args.length > 2) ? Integer.parseInt(args[2]) : 20;
		int warmUps = (args.length > 3) ? Integer.parseInt(args[3]) : 5;
		boolean artemis = (args.length > 4) && "artemis".equals(args[4]);
		// RabbitMQ: the one .ci/services installs and starts, with rabbitmq_stomp on
		// 127.0.0.1:61613; Artemis: embedded in this JVM
		int stompPort = artemis ? PlainStomp.startArtemis().stompPort() : 61613;
		String key = "cluster-capacity-harness-" + UUID.randomUUID();
		BroadcastSeries series = new BroadcastSeries(warmUps, broadcasts, nodeCount);
		List<NodeProcess> nodes = new ArrayList<>();
		List<DeviceProcess> devices = new ArrayList<>();
		long start = System.nanoTime();
		for (int i = 0; i < nodeCount; i++) {
			Map<String, Object> properties = new HashMap<>();
			properties.put("server.address", "127.0.0." + (2 + i));
			properties.put("server.tomcat.max-connections", perNode + 1000);
			properties.put("exp.server.signing-key", key);
			properties.put("exp.server.bus.relay.enabled", true);
			properties.put("exp.server.bus.relay.port", stompPort);
			properties.put("exp.server.bus.relay.virtual-host", artemis ? "" : "/");
			properties.put("logging.level.root", "warn");
			nodes.add(NodeProcess.start("1g", properties));
		}
		for (int i = 0; i < nodeCount; i++) {
			devices.add(DeviceProcess.start(nodes.get(i).url(), key, perNode, i * perNode, series.total(), (line) -> {
				String[] fields = line.split(" ");
				series.arrivals().arrived(Integer.parseInt(fields[0]), Long.parseLong(fields[1]));
			}));
			System.out.printf("%,d devices connected to node %d after %.1f s%n", (i + 1) * perNode, i + 1,
					(System.nanoTime() - start) / 1e9);
		}
		Thread.sleep(Long.getLong("pause", 10_000L));
		TokenService tokens = new TokenService(key.getBytes(StandardCharsets.UTF_8), Duration.ofHours(1),
				Clock.systemUTC());
		StompSession sender = new PlainStomp().connect(nodes.get(0).url(),
				tokens.issue(new Identity("sender", "user", "exp", "sender")));
		String channel = new ChannelId("exp", "organization", false, false).encode();
		for (int i = 0; i < nodeCount; i++) {
			series.measureCpu("node " + (i + 1), nodes.get(i).pid());
		}
		for (int i = 0; i < nodeCount; i++) {
			series.measureCpu("node " + (i + 1) + "'s devices", devices.get(i).pid());
		}
		BroadcastSeries.Result result = series.send(sender, channel,
				"warm-up broadcast %d: %d/%d nodes' devices all reached, the last after %.1f ms%n");
		System.out.printf("broadcast from node 1 to %,d devices on %d nodes: %s%n", nodeCount * perNode, nodeCount,
				result.reached());
		series.printCpu();
		for (DeviceProcess process : devices) {
			process.close();
		}
		System.out.println("devices closed at " + Instant.now() + "; stopping the nodes");
		for (NodeProcess node : nodes) {
			node.close();
		}
		System.exit(0);
	}

}
