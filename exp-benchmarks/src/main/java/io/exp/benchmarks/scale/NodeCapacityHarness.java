package io.exp.benchmarks.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
 * With {@code -DnodePid=<pid>} (Linux), it also reports the CPU time that the node and
 * the devices used per measured broadcast (clock ticks of 10 ms, summed over all the
 * broadcasts).
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
		PlainStomp client = new PlainStomp();
		String channel = new ChannelId("exp", "organization", false, false).encode();
		int total = warmUps + broadcasts;
		AtomicInteger[] received = new AtomicInteger[total];
		AtomicLong[] last = new AtomicLong[total];
		for (int b = 0; b < total; b++) {
			received[b] = new AtomicInteger();
			last[b] = new AtomicLong();
		}
		long start = System.nanoTime();
		for (int i = 0; i < devices; i++) {
			StompSession session = client.connect(url, tokens.issue(new Identity("sim-" + i, "device", "exp", null)));
			PlainStomp.subscribe(session, "/topic/channel." + channel, (envelope) -> {
				int index = ((Number) envelope.get("payload")).intValue();
				received[index].incrementAndGet();
				last[index].accumulateAndGet(System.nanoTime(), Math::max);
			});
			if ((i + 1) % 1000 == 0) {
				System.out.printf("%,d devices connected after %.1f s%n", i + 1, (System.nanoTime() - start) / 1e9);
			}
		}
		System.out.println("CONNECTED " + devices + "; measure the node's heap now (jcmd <pid> GC.heap_info)");
		Thread.sleep(Long.getLong("pause", 15_000L));
		StompSession sender = client.connect(url, tokens.issue(new Identity("sender", "user", "exp", "sender")));
		long[] reachAll = new long[broadcasts];
		int complete = 0;
		String nodePid = System.getProperty("nodePid");
		long[] cpuAtStart = new long[2];
		for (int b = 0; b < total; b++) {
			if (b == warmUps) {
				cpuAtStart[0] = cpuMillis(nodePid);
				cpuAtStart[1] = cpuMillis("self");
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
		Arrays.sort(reachAll);
		System.out.printf(
				"broadcast to %,d devices on one node: %d/%d reached all; time to reach the last device "
						+ "p50 %.1f ms, p99 %.1f ms%n",
				devices, complete, broadcasts, reachAll[reachAll.length / 2] / 1e6,
				reachAll[(int) (reachAll.length * 0.99)] / 1e6);
		if (nodePid != null) {
			System.out.printf("CPU time per measured broadcast: node %.1f ms, devices (this process) %.1f ms%n",
					(cpuMillis(nodePid) - cpuAtStart[0]) / (double) broadcasts,
					(cpuMillis("self") - cpuAtStart[1]) / (double) broadcasts);
		}
		System.exit(0);
	}

	/**
	 * Returns the CPU time (user and system) a process has used, from Linux's
	 * {@code /proc/<pid>/stat}: on a shared machine, a figure that other processes' load
	 * does not inflate as it does wall-clock times.
	 * @param pid the process id, {@code self}, or {@code null} for none
	 * @return milliseconds, 0 without a pid
	 */
	static long cpuMillis(@Nullable String pid) throws IOException {
		if (pid == null) {
			return 0;
		}
		String stat = Files.readString(Path.of("/proc", pid, "stat"));
		// the fields after the command name, which is in parentheses: utime and stime are
		// the 12th and 13th
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
	}

}
