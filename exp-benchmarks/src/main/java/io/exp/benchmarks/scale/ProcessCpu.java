package io.exp.benchmarks.scale;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The CPU time a process has used, from Linux's {@code /proc/<pid>/stat}, in user and
 * system time, and per group of its threads (names without their digits): on a shared
 * machine, figures that other processes' load does not inflate as it does wall-clock
 * times. Clock ticks of 10 ms.
 *
 * @param userMillis user time
 * @param systemMillis system time (the kernel's work for the process: socket writes and
 * reads, and on loopback the receiving side's TCP work too)
 * @param threads user and system time per thread group (threads that ended are missing)
 */
record ProcessCpu(long userMillis, long systemMillis, Map<String, Long> threads) {

	/**
	 * Reads a process's CPU time.
	 * @param pid the process id, or {@code self}
	 * @return its CPU time now
	 * @throws IOException when {@code /proc} cannot be read
	 */
	static ProcessCpu of(String pid) throws IOException {
		long[] total = times(Path.of("/proc", pid, "stat"));
		Map<String, Long> threads = new TreeMap<>();
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", pid, "task"))) {
			for (Path task : tasks) {
				try {
					String name = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+", "N");
					long[] times = times(task.resolve("stat"));
					threads.merge(name, times[0] + times[1], Long::sum);
				}
				catch (NoSuchFileException ex) {
					// the thread ended meanwhile
				}
			}
		}
		return new ProcessCpu(total[0], total[1], threads);
	}

	/** User and system time, in ms: the 14th and 15th fields of a {@code stat} file. */
	private static long[] times(Path stat) throws IOException {
		String line = Files.readString(stat);
		// the fields after the command name, which is in parentheses
		String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
		return new long[] { Long.parseLong(fields[11]) * 10, Long.parseLong(fields[12]) * 10 };
	}

	long totalMillis() {
		return this.userMillis + this.systemMillis;
	}

	/**
	 * Describes the CPU time used since an earlier reading, per unit of work.
	 * @param before the earlier reading
	 * @param units what to divide by (broadcasts, seconds)
	 * @param unit its name
	 * @return total, user and system time per unit, and the busiest thread groups'
	 */
	String since(ProcessCpu before, double units, String unit) {
		String groups = this.threads.entrySet()
			.stream()
			.map((group) -> Map.entry(group.getKey(),
					group.getValue() - before.threads.getOrDefault(group.getKey(), 0L)))
			.filter((group) -> group.getValue() > 0)
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(6)
			.map((group) -> String.format("%s %.1f", group.getKey(), group.getValue() / units))
			.collect(Collectors.joining(", "));
		return String.format("%.1f ms per %s (user %.1f, system %.1f; threads: %s)",
				(totalMillis() - before.totalMillis()) / units, unit, (this.userMillis - before.userMillis) / units,
				(this.systemMillis - before.systemMillis) / units, groups);
	}

}
