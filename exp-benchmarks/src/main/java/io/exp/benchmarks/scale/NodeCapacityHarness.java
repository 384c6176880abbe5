package io.exp.benchmarks.scale;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.IntConsumer;

import io.exp.benchmarks.PlainStomp;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.ChannelId;

import org.springframework.messaging.simp.stomp.StompSession;

/**
 * Simulated devices connecting to one server node that runs in another process (so the
 * node's heap is measured alone), then broadcasts from one sender to all of them, timed
 * until the last device has it.
 * <p>
 * {@code exp-benchmarks/run io.exp.benchmarks.scale.NodeCapacityHarness <ws url> <signing key> [devices] [broadcasts] [warm-up broadcasts]}
 * <p>
 * The devices are {@link LightStompDevices} (raw STOMP frames on a few threads), or with
 * {@code -Ddevices=spring} {@link SpringStompDevices} (Spring's STOMP client and Jackson
 * per device, as the figures before 2026-11-27 were measured). {@code -Dpause=<ms>}: the
 * wait after connecting (to measure the node's heap). It reports the CPU time that the
 * devices used per measured broadcast ({@link ProcessCpu}, Linux), with
 * {@code -DnodePid=<pid>} the node's too, and with {@code -Didle=<ms>} the node's CPU
 * time while the devices are connected and idle that long, before the broadcasts (its
 * background work: heartbeats, timeout scans).
 */
public final class NodeCapacityHarness {

	private NodeCapacityHarness() {
	}

	public static void main(String[] args) throws Exception {
		String url = args[0];
		TokenService tokens = new TokenService(args[1].getBytes(StandardCharsets.UTF_8), Duration.ofHours(1),
				Clock.systemUTC());
		int devices = (args.length > 2) ? Integer.parseInt(args[2]) : 10_000;
		int broadcasts = (args.length > 3) ? Integer.parseInt(args[3]) : 20;
		int warmUps = (args.length > 4) ? Integer.parseInt(args[4]) : 5;
		String channel = new ChannelId("exp", "organization", false, false).encode();
		BroadcastSeries series = new BroadcastSeries(warmUps, broadcasts, devices);
		IntConsumer arrived = (index) -> series.arrivals().arrived(index, System.nanoTime());
		DeviceSimulator simulator = "spring".equals(System.getProperty("devices")) ? new SpringStompDevices()
				: new LightStompDevices(2);
		System.out.println("devices: " + simulator.getClass().getSimpleName());
		long start = System.nanoTime();
		simulator.connectAll(url, tokens, 0, devices, "/topic/channel." + channel, arrived, (connecting) -> System.out
			.printf("%,d devices connecting after %.1f s%n", connecting, (System.nanoTime() - start) / 1e9));
		System.out.printf("CONNECTED %d in %.1f s; measure the node's heap now (jcmd <pid> GC.heap_info)%n", devices,
				(System.nanoTime() - start) / 1e9);
		Thread.sleep(Long.getLong("pause", 15_000L));
		String nodePid = System.getProperty("nodePid");
		long idle = Long.getLong("idle", 0L);
		if (nodePid != null && idle > 0) {
			ProcessCpu before = ProcessCpu.of(nodePid);
			Thread.sleep(idle);
			System.out.printf("node CPU time while %,d devices are idle: %s%n", devices,
					ProcessCpu.of(nodePid).since(before, idle / 1000.0, "second"));
		}
		PlainStomp client = new PlainStomp();
		StompSession sender = client.connect(url, tokens.issue(new Identity("sender", "user", "exp", "sender")));
		if (nodePid != null) {
			series.measureCpu("the node", nodePid);
		}
		series.measureCpu("the devices (this process)", "self");
		BroadcastSeries.Result result = series.send(sender, channel,
				"warm-up broadcast %d: %,d/%,d devices, last after %.1f ms%n");
		System.out.printf("broadcast to %,d devices on one node: %s (%.0f ms for all the measured broadcasts)%n",
				devices, result.reached(), result.measuredMillis());
		series.printCpu();
		client.close();
		simulator.close();
		System.exit(0);
	}

}
