package io.exp.benchmarks.scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.exp.server.auth.TokenService;
import io.exp.server.bus.ChannelId;

/**
 * Simulated devices in a process of their own ({@link LightStompDevices}), all on one
 * node, for harnesses whose devices are more than one process may hold sockets for (at
 * most 20,000 files each here). The process connects its devices, prints
 * {@code CONNECTED}, and for each broadcast that every one of its devices received prints
 * {@code GOT <index> <nanoTime of the last device>} (on Linux, {@link System#nanoTime()}
 * counts from the same origin in every process).
 * <p>
 * {@code DeviceProcess <ws url> <signing key> <devices> <first device number> <broadcasts>}
 */
public final class DeviceProcess implements AutoCloseable {

	private static final String CONNECTED = "CONNECTED";

	private static final String GOT = "GOT ";

	private final Process process;

	private final BufferedReader output;

	private DeviceProcess(Process process) {
		this.process = process;
		this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
	}

	public static void main(String[] args) throws Exception {
		String url = args[0];
		TokenService tokens = new TokenService(args[1].getBytes(StandardCharsets.UTF_8), Duration.ofHours(1),
				Clock.systemUTC());
		int devices = Integer.parseInt(args[2]);
		int first = Integer.parseInt(args[3]);
		int broadcasts = Integer.parseInt(args[4]);
		BroadcastArrivals arrivals = new BroadcastArrivals(broadcasts, devices);
		PrintStream out = System.out;
		String channel = "/topic/channel." + new ChannelId("exp", "organization", false, false).encode();
		try (LightStompDevices simulator = new LightStompDevices(2)) {
			simulator.connectAll(url, tokens, first, devices, channel, (index) -> {
				if (arrivals.arrived(index, System.nanoTime())) {
					synchronized (out) {
						out.println(GOT + index + " " + arrivals.last(index));
						out.flush();
					}
				}
			}, (connecting) -> {
			});
			synchronized (out) {
				out.println(CONNECTED + " " + devices);
				out.flush();
			}
			// until the harness closes this process's input
			while (System.in.read() >= 0) {
				// nothing to read
			}
		}
		System.exit(0);
	}

	/**
	 * Starts a process of devices and waits until they are all connected.
	 * @param url the event bus URL of their node
	 * @param key the signing key of the cluster's tokens
	 * @param devices how many
	 * @param first the number of the first device (device ids are {@code sim-<number>})
	 * @param broadcasts how many broadcasts will come
	 * @param got told {@code <index> <nanoTime>} for each broadcast all the devices had
	 * @return the process
	 * @throws IOException when it cannot start
	 */
	static DeviceProcess start(String url, String key, int devices, int first, int broadcasts, Consumer<String> got)
			throws IOException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp",
						System.getProperty("java.class.path"), DeviceProcess.class.getName(), url, key,
						Integer.toString(devices), Integer.toString(first), Integer.toString(broadcasts)));
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		DeviceProcess devicesProcess = new DeviceProcess(process);
		String line;
		while ((line = devicesProcess.output.readLine()) != null && !line.startsWith(CONNECTED)) {
			System.out.println(line);
		}
		if (line == null) {
			throw new IllegalStateException("The devices for " + url + " did not connect");
		}
		Thread reader = new Thread(() -> {
			try {
				for (String next = devicesProcess.output.readLine(); next != null; next = devicesProcess.output
					.readLine()) {
					if (next.startsWith(GOT)) {
						got.accept(next.substring(GOT.length()));
					}
				}
			}
			catch (IOException ex) {
				// the process ended
			}
		}, "device-process-output");
		reader.setDaemon(true);
		reader.start();
		return devicesProcess;
	}

	/**
	 * Returns the process id, to read its CPU time ({@link ProcessCpu}).
	 * @return the pid
	 */
	String pid() {
		return Long.toString(this.process.pid());
	}

	@Override
	public void close() throws IOException, InterruptedException {
		this.process.getOutputStream().close();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
