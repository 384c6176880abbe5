package io.exp.benchmarks.scale;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

import io.exp.benchmarks.PlainStomp;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.ChannelId;
import org.jspecify.annotations.Nullable;

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
		int total = warmUps + broadcasts;
		AtomicInteger[] received = new AtomicInteger[total];
		AtomicLong[] last = new AtomicLong[total];
		for (int b = 0; b < total; b++) {
			received[b] = new AtomicInteger();
			last[b] = new AtomicLong();
		}
		IntConsumer arrived = (index) -> {
			received[index].incrementAndGet();
			last[index].accumulateAndGet(System.nanoTime(), Math::max);
		};
		DeviceSimulator simulator = "spring".equals(System.getProperty("devices")) ? new SpringStompDevices()
				: new LightStompDevices(2);
		System.out.println("devices: " + simulator.getClass().getSimpleName());
		// a bounded number of connections in progress: the node's accept queue is finite
		Semaphore connecting = new Semaphore(50);
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		long start = System.nanoTime();
		for (int i = 0; i < devices && failure.get() == null; i++) {
			connecting.acquire();
			simulator
				.connect(url, tokens.issue(new Identity("sim-" + i, "device", "exp", null)),
						"/topic/channel." + channel, arrived)
				.whenComplete((done, ex) -> {
					if (ex != null) {
						failure.compareAndSet(null, ex);
					}
					connecting.release();
				});
			if ((i + 1) % 1000 == 0) {
				System.out.printf("%,d devices connecting after %.1f s%n", i + 1, (System.nanoTime() - start) / 1e9);
			}
		}
		connecting.acquire(50);
		if (failure.get() != null) {
			throw new IllegalStateException("A device could not connect", failure.get());
		}
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
		long[] reachAll = new long[broadcasts];
		int complete = 0;
		@Nullable ProcessCpu nodeAtStart = null;
		ProcessCpu devicesAtStart = ProcessCpu.of("self");
		long measureStart = 0;
		for (int b = 0; b < total; b++) {
			if (b == warmUps) {
				nodeAtStart = (nodePid != null) ? ProcessCpu.of(nodePid) : null;
				devicesAtStart = ProcessCpu.of("self");
				measureStart = System.nanoTime();
			}
			long sent = System.nanoTime();
			sender.send("/app/broadcast", Map.of("channel", channel, "name", "fanout", "payload", b));
			long deadline = sent + TimeUnit.SECONDS.toNanos(30);
			while (received[b].get() < devices && System.nanoTime() < deadline) {
				Thread.sleep(1);
			}
			long reach = Math.max(last[b].get() - sent, 0);
			if (b < warmUps) {
				System.out.printf("warm-up broadcast %d: %,d/%,d devices, last after %.1f ms%n", b + 1,
						received[b].get(), devices, reach / 1e6);
				continue;
			}
			if (received[b].get() == devices) {
				complete++;
			}
			reachAll[b - warmUps] = reach;
		}
		double measuredMillis = (System.nanoTime() - measureStart) / 1e6;
		Arrays.sort(reachAll);
		System.out.printf(
				"broadcast to %,d devices on one node: %d/%d reached all; time to reach the last device "
						+ "p50 %.1f ms, p99 %.1f ms (%.0f ms for all the measured broadcasts)%n",
				devices, complete, broadcasts, reachAll[reachAll.length / 2] / 1e6,
				reachAll[(int) (reachAll.length * 0.99)] / 1e6, measuredMillis);
		if (nodePid != null && nodeAtStart != null) {
			System.out.printf("CPU time of the node: %s%n",
					ProcessCpu.of(nodePid).since(nodeAtStart, broadcasts, "broadcast"));
		}
		System.out.printf("CPU time of the devices (this process): %s%n",
				ProcessCpu.of("self").since(devicesAtStart, broadcasts, "broadcast"));
		client.close();
		simulator.close();
		System.exit(0);
	}

}
