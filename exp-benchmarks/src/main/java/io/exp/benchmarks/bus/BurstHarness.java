package io.exp.benchmarks.bus;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.exp.benchmarks.PlainStomp;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.ChannelId;

import org.springframework.messaging.simp.stomp.StompSession;

/**
 * One sender bursts small broadcasts at many subscribers of one node that runs in another
 * process, as fast as it can write them; reports how long the burst took to send and to
 * deliver, what every subscriber got, the errors the sender was told, and the node's heap
 * (sampled with {@code jstat}) before, at its highest and after.
 * <p>
 * {@code exp-benchmarks/run io.exp.benchmarks.bus.BurstHarness <ws url> <signing key> <node pid> [subscribers] [broadcasts]}
 */
public final class BurstHarness {

	private BurstHarness() {
	}

	public static void main(String[] args) throws Exception {
		String url = args[0];
		TokenService tokens = new TokenService(args[1].getBytes(StandardCharsets.UTF_8), Duration.ofHours(1),
				Clock.systemUTC());
		long nodePid = Long.parseLong(args[2]);
		int subscribers = (args.length > 3) ? Integer.parseInt(args[3]) : 5000;
		int broadcasts = (args.length > 4) ? Integer.parseInt(args[4]) : 1000;
		PlainStomp client = new PlainStomp();
		String channel = new ChannelId("exp", "burst", false, false).encode();
		AtomicInteger[] received = new AtomicInteger[subscribers];
		AtomicLong lastDelivery = new AtomicLong();
		for (int i = 0; i < subscribers; i++) {
			AtomicInteger count = new AtomicInteger();
			received[i] = count;
			StompSession session = client.connect(url, tokens.issue(new Identity("burst-" + i, "device", "exp", null)));
			PlainStomp.subscribe(session, "/topic/channel." + channel, (envelope) -> {
				count.incrementAndGet();
				lastDelivery.accumulateAndGet(System.nanoTime(), Math::max);
			});
		}
		System.out.printf("%,d subscribers connected%n", subscribers);
		Thread.sleep(3000);
		HeapSampler heap = new HeapSampler(nodePid);
		long before = heap.usedKb();
		heap.start();
		StompSession sender = client.connect(url, tokens.issue(new Identity("burster", "user", "exp", "burster")));
		AtomicInteger refused = new AtomicInteger();
		PlainStomp.subscribe(sender, "/user/queue/errors", (error) -> refused.incrementAndGet());
		Thread.sleep(500);
		long start = System.nanoTime();
		for (int b = 0; b < broadcasts; b++) {
			// 137 bytes delivered per message, as in the issue that asked for this
			// harness
			sender.send("/app/broadcast", Map.of("channel", channel, "name", "tick", "payload", b));
		}
		long sent = System.nanoTime();
		long expected = (long) subscribers * broadcasts;
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (total(received) < expected && System.nanoTime() < deadline && refused.get() == 0) {
			Thread.sleep(100);
		}
		Thread.sleep(2000);
		heap.stop();
		int min = Integer.MAX_VALUE;
		for (AtomicInteger count : received) {
			min = Math.min(min, count.get());
		}
		System.out.printf("burst of %,d broadcasts to %,d subscribers: written by the sender in %.2f s, delivered "
				+ "%,d/%,d (fewest to one subscriber %,d) in %.2f s; sender told of %d refusals; node heap used "
				+ "%,d KB before, %,d KB at most, %,d KB after%n", broadcasts, subscribers, (sent - start) / 1e9,
				total(received), expected, min, (lastDelivery.get() - start) / 1e9, refused.get(), before, heap.maxKb(),
				heap.usedKb());
		System.exit(0);
	}

	private static long total(AtomicInteger[] counts) {
		long total = 0;
		for (AtomicInteger count : counts) {
			total += count.get();
		}
		return total;
	}

	/**
	 * Samples another JVM's heap occupancy with {@code jstat -gc} every 200 ms.
	 */
	static final class HeapSampler {

		private final long pid;

		private final AtomicLong max = new AtomicLong();

		private volatile boolean running = true;

		private Thread thread;

		HeapSampler(long pid) {
			this.pid = pid;
		}

		void start() {
			this.thread = new Thread(() -> {
				while (this.running) {
					this.max.accumulateAndGet(usedKb(), Math::max);
					try {
						Thread.sleep(200);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "heap-sampler");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		void stop() throws InterruptedException {
			this.running = false;
			this.thread.join();
		}

		long maxKb() {
			return this.max.get();
		}

		long usedKb() {
			try {
				Process jstat = new ProcessBuilder("jstat", "-gc", Long.toString(this.pid)).start();
				try (BufferedReader out = new BufferedReader(
						new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
					String[] names = out.readLine().trim().split("\\s+");
					String[] values = out.readLine().trim().split("\\s+");
					double used = 0;
					for (int i = 0; i < names.length; i++) {
						if (names[i].equals("S0U") || names[i].equals("S1U") || names[i].equals("EU")
								|| names[i].equals("OU")) {
							used += Double.parseDouble(values[i]);
						}
					}
					return (long) used;
				}
			}
			catch (Exception ex) {
				return -1;
			}
		}

	}

}
