package io.exp.benchmarks.scale;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.messaging.simp.stomp.StompSession;

/**
 * Broadcasts from one sender, one at a time: warm-ups, reported one by one, then the
 * measured ones, each timed from its sending until the last expected receiver had it (at
 * most 30 s), with the CPU time that some processes used per measured broadcast
 * ({@link ProcessCpu}, Linux).
 */
final class BroadcastSeries {

	private static final long WAIT = TimeUnit.SECONDS.toNanos(30);

	private final int warmUps;

	private final int broadcasts;

	private final BroadcastArrivals arrivals;

	private final Map<String, String> measured = new LinkedHashMap<>();

	private final Map<String, ProcessCpu> cpuAtStart = new LinkedHashMap<>();

	/**
	 * @param warmUps how many broadcasts come before the measured ones
	 * @param broadcasts how many are measured
	 * @param expected how many receivers each broadcast should reach
	 */
	BroadcastSeries(int warmUps, int broadcasts, int expected) {
		this.warmUps = warmUps;
		this.broadcasts = broadcasts;
		this.arrivals = new BroadcastArrivals(warmUps + broadcasts, expected);
	}

	/**
	 * Returns how many broadcasts the series sends, warm-ups included.
	 * @return the number
	 */
	int total() {
		return this.warmUps + this.broadcasts;
	}

	/**
	 * Returns where the receivers report the broadcasts they got.
	 * @return the arrivals
	 */
	BroadcastArrivals arrivals() {
		return this.arrivals;
	}

	/**
	 * Reads a process's CPU time when the measured broadcasts begin, for
	 * {@link #printCpu()}.
	 * @param label what the process is, as the report names it
	 * @param pid its process id, or {@code self}
	 */
	void measureCpu(String label, String pid) {
		this.measured.put(label, pid);
	}

	/**
	 * Sends the broadcasts, each once the one before reached every receiver or 30 s
	 * passed, with its index as payload, and prints a line for each warm-up.
	 * @param sender the sender's session
	 * @param channel the channel (base64url id)
	 * @param warmUpLine the format of a warm-up's line, given the warm-up's number, the
	 * receivers it reached, the receivers expected and the time until the last of them
	 * (ms)
	 * @return what the measured broadcasts took
	 * @throws IOException when {@code /proc} cannot be read
	 * @throws InterruptedException when interrupted while waiting
	 */
	Result send(StompSession sender, String channel, String warmUpLine) throws IOException, InterruptedException {
		long[] reachAll = new long[this.broadcasts];
		int complete = 0;
		long measureStart = 0;
		for (int b = 0; b < total(); b++) {
			if (b == this.warmUps) {
				for (Map.Entry<String, String> process : this.measured.entrySet()) {
					this.cpuAtStart.put(process.getKey(), ProcessCpu.of(process.getValue()));
				}
				measureStart = System.nanoTime();
			}
			long sent = System.nanoTime();
			sender.send("/app/broadcast", Map.of("channel", channel, "name", "fanout", "payload", b));
			long deadline = sent + WAIT;
			while (this.arrivals.count(b) < this.arrivals.expected() && System.nanoTime() < deadline) {
				Thread.sleep(1);
			}
			long reach = Math.max(this.arrivals.last(b) - sent, 0);
			if (b < this.warmUps) {
				System.out.printf(warmUpLine, b + 1, this.arrivals.count(b), this.arrivals.expected(), reach / 1e6);
				continue;
			}
			if (this.arrivals.count(b) == this.arrivals.expected()) {
				complete++;
			}
			reachAll[b - this.warmUps] = reach;
		}
		double measuredMillis = (System.nanoTime() - measureStart) / 1e6;
		Arrays.sort(reachAll);
		return new Result(complete, this.broadcasts, reachAll[reachAll.length / 2],
				reachAll[(int) (reachAll.length * 0.99)], measuredMillis);
	}

	/**
	 * Prints, for each process measured, the CPU time it used per measured broadcast
	 * since they began.
	 * @throws IOException when {@code /proc} cannot be read
	 */
	void printCpu() throws IOException {
		for (Map.Entry<String, ProcessCpu> start : this.cpuAtStart.entrySet()) {
			System.out.printf("CPU time of %s: %s%n", start.getKey(), ProcessCpu.of(this.measured.get(start.getKey()))
				.since(start.getValue(), this.broadcasts, "broadcast"));
		}
	}

	/**
	 * What the measured broadcasts of a series took.
	 *
	 * @param complete how many reached every receiver
	 * @param broadcasts how many were measured
	 * @param p50Nanos the median time until the last receiver had one
	 * @param p99Nanos the 99th percentile of that time
	 * @param measuredMillis the time from the first measured broadcast to the end
	 */
	record Result(int complete, int broadcasts, long p50Nanos, long p99Nanos, double measuredMillis) {

		/**
		 * Describes how many reached every receiver and how fast.
		 * @return {@code <complete>/<measured> reached all; time to reach the last device p50 <ms>, p99 <ms>}
		 */
		String reached() {
			return String.format("%d/%d reached all; time to reach the last device p50 %.1f ms, p99 %.1f ms",
					this.complete, this.broadcasts, this.p50Nanos / 1e6, this.p99Nanos / 1e6);
		}

	}

}
