package io.exp.server.socketio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original EXP JavaScript SDK, {@code exp-sdk} 5.0.0 from the npm registry, installed
 * once per test JVM, and one Node process running a scenario of {@code original-sdk.js}.
 * Node and npm (with the registry) are required: without them the tests fail rather than
 * skip. socket.io-client 1.3.5 asks for two modules by tarball URLs that no longer
 * resolve; npm overrides put their registry releases in place.
 */
public final class OriginalSdk implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static @Nullable Path installed;

	private final Process node;

	private final Path log;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final List<String> seen = new CopyOnWriteArrayList<>();

	private OriginalSdk(Process node, Path log) {
		this.node = node;
		this.log = log;
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
				in.lines().forEach((line) -> {
					this.seen.add(line);
					this.lines.add(line);
				});
			}
			catch (IOException ex) {
				this.lines.add("ERROR " + ex.getMessage());
			}
		}, "node-stdout");
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Starts {@code node original-sdk.js scenario}.
	 * @param environment what the scenario reads from its environment
	 */
	public static OriginalSdk run(String scenario, Map<String, String> environment)
			throws IOException, InterruptedException {
		Path directory = directory();
		Path log = directory.resolve(scenario + ".log");
		ProcessBuilder builder = new ProcessBuilder("node", "original-sdk.js", scenario).directory(directory.toFile())
			.redirectError(log.toFile());
		builder.environment().putAll(environment);
		return new OriginalSdk(builder.start(), log);
	}

	private static synchronized Path directory() throws IOException, InterruptedException {
		if (installed != null) {
			return installed;
		}
		Path directory = Files.createTempDirectory("exp-sdk");
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				FileSystemUtils.deleteRecursively(directory);
			}
			catch (IOException ex) {
				// a temporary directory
			}
		}));
		Files.writeString(directory.resolve("package.json"), """
				{"name": "exp-sdk-compatibility", "version": "1.0.0", "private": true,
				 "dependencies": {"exp-sdk": "5.0.0"},
				 "overrides": {"xmlhttprequest": "npm:xmlhttprequest-ssl@1.5.1", "has-cors": "1.1.0"}}
				""");
		try (InputStream script = OriginalSdk.class.getResourceAsStream("original-sdk.js")) {
			Files.copy(script, directory.resolve("original-sdk.js"));
		}
		Process install = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--ignore-scripts")
			.directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("npm.log").toFile())
			.start();
		assertThat(install.waitFor(5, TimeUnit.MINUTES)).as("npm install finished").isTrue();
		assertThat(install.exitValue()).as(() -> "npm install: " + read(directory.resolve("npm.log"))).isZero();
		installed = directory;
		return directory;
	}

	/**
	 * The value printed with the next line of this step, failing on an {@code ERROR} line
	 * or after 30 seconds.
	 */
	public <T> T next(String step, Class<T> type) throws InterruptedException {
		while (true) {
			String line = this.lines.poll(30, TimeUnit.SECONDS);
			assertThat(line).as(() -> "a line " + step + " from node; its errors: " + read(this.log)).isNotNull();
			assertThat(line).as(() -> "node; its errors: " + read(this.log)).doesNotStartWith("ERROR");
			if (line.startsWith(step + " ")) {
				return json.readValue(line.substring(step.length() + 1), type);
			}
		}
	}

	/** The values of every line of this step printed so far. */
	public <T> List<T> all(String step, Class<T> type) {
		return this.seen.stream()
			.filter((line) -> line.startsWith(step + " "))
			.map((line) -> json.readValue(line.substring(step.length() + 1), type))
			.toList();
	}

	/** Lets the scenario go on where it waits for the test. */
	public void proceed() throws IOException {
		OutputStream stdin = this.node.getOutputStream();
		stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
		stdin.flush();
	}

	/** Waits for the scenario's end, which must be a success. */
	public void finish() throws InterruptedException {
		next("DONE", Object.class);
		assertThat(this.node.waitFor(30, TimeUnit.SECONDS)).as("node exited").isTrue();
		assertThat(this.node.exitValue()).as(() -> "node's exit; its errors: " + read(this.log)).isZero();
	}

	@Override
	public void close() {
		this.node.destroyForcibly();
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
