package io.exp.server.socketio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.exp.server.ExpServer;
import io.exp.server.Fixtures;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.ChannelId;
import io.exp.server.bus.StompTestClient;
import io.exp.server.bus.StompTestClient.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original EXP JavaScript SDK, {@code exp-sdk} 5.0.0 from npm, run by Node against a real server: a device
 * listens and responds, a user broadcasts over REST, a STOMP client broadcasts, collects the device's response and
 * listens beside them. Node and
 * npm (with the registry) are required: without them the test fails rather than skips. socket.io-client 1.3.5 asks
 * for modules that no longer install on current Node; npm overrides put their maintained forks in place.
 */
class OriginalSdkTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final ChannelId ORGANIZATION = new ChannelId("exp", "organization", false, false);

	@TempDir
	static Path directory;

	private static ExpServer server;

	private static StompTestClient stomp;

	@BeforeAll
	static void start() throws Exception {
		Files.writeString(directory.resolve("package.json"), """
				{"name": "exp-sdk-compatibility", "version": "1.0.0", "private": true,
				 "dependencies": {"exp-sdk": "5.0.0"},
				 "overrides": {"xmlhttprequest": "npm:xmlhttprequest-ssl@1.5.1", "has-cors": "1.1.0"}}
				""");
		try (InputStream script = OriginalSdkTests.class.getResourceAsStream("original-sdk.js")) {
			Files.copy(script, directory.resolve("original-sdk.js"));
		}
		Process install = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--ignore-scripts")
			.directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("npm.log").toFile())
			.start();
		assertThat(install.waitFor(5, TimeUnit.MINUTES)).as("npm install finished").isTrue();
		assertThat(install.exitValue()).as(() -> "npm install: " + read(directory.resolve("npm.log"))).isZero();
		server = ExpServer.builder().property("exp.server.socketio.enabled", true).start();
		stomp = new StompTestClient(server.getPort());
	}

	@AfterAll
	static void stop() {
		if (stomp != null) {
			stomp.close();
		}
		if (server != null) {
			server.close();
		}
	}

	@Test
	void theOriginalSdkListensRespondsAndBroadcastsBesideStompClients() throws Exception {
		String token = server.getBean(TokenService.class)
			.issue(new Identity("u1000000-0000-4000-8000-000000000001", "user", "exp", "joe@example.com"));
		ProcessBuilder builder = new ProcessBuilder("node", "original-sdk.js").directory(directory.toFile())
			.redirectError(directory.resolve("node.log").toFile());
		builder.environment()
			.putAll(Map.of("EXP_HOST", server.getUrl(), "DEVICE_UUID", Fixtures.DEVICE_1, "DEVICE_SECRET",
					Fixtures.DEVICE_1_SECRET, "USERNAME", Fixtures.JOE, "PASSWORD", Fixtures.JOE_PASSWORD,
					"ORGANIZATION", "exp"));
		Process node = builder.start();
		BlockingQueue<String> lines = lines(node.getInputStream());
		try (Connection joe = stomp.connect(token)) {
			BlockingQueue<Map<String, Object>> heard = joe.subscribe("/topic/channel." + ORGANIZATION.encode());
			assertThat(next(lines, "READY")).as(() -> "the SDK's listeners: " + read(directory.resolve("node.log")))
				.isNotNull();
			joe.send("/app/broadcast",
					Map.of("channel", ORGANIZATION.encode(), "name", "hello", "payload", Map.of("from", "stomp")));
			assertThat(json.readValue(next(lines, "HEARD"), Map.class)).isEqualTo(Map.of("from", "stomp"));
			BlockingQueue<Map<String, Object>> responses = joe.subscribe("/user/queue/responses");
			joe.send("/app/broadcast", Map.of("channel", ORGANIZATION.encode(), "name", "ping", "id", "stomp-ping",
					"payload", Map.of("n", 3)));
			assertThat(responses.poll(10, TimeUnit.SECONDS)).as("the SDK's response over STOMP")
				.containsEntry("id", "stomp-ping")
				.containsEntry("payload", Map.of("pong", 3))
				.containsEntry("sender", Map.of("uuid", Fixtures.DEVICE_1, "type", "device"));
			OutputStream stdin = node.getOutputStream();
			stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
			stdin.flush();
			assertThat(json.readValue(next(lines, "RESPONSES"), List.class)).isEqualTo(List.of(Map.of("pong", 7)));
			assertThat(next(lines, "TRANSPORT")).isEqualTo("\"websocket\"");
			assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(node.exitValue()).isZero();
			Map<String, Object> ping = heard.stream()
				.filter((message) -> "ping".equals(message.get("name")) && !"stomp-ping".equals(message.get("id")))
				.findFirst()
				.orElseThrow();
			assertThat(ping).containsEntry("payload", Map.of("n", 7))
				.containsEntry("sender", Map.of("uuid", "u1000000-0000-4000-8000-000000000001", "type", "user"));
		}
		finally {
			node.destroyForcibly();
		}
	}

	/** The rest of the next line that starts with the step, failing on an ERROR line. */
	private static String next(BlockingQueue<String> lines, String step) throws InterruptedException {
		while (true) {
			String line = lines.poll(30, TimeUnit.SECONDS);
			if (line == null) {
				return null;
			}
			assertThat(line).as("node").doesNotStartWith("ERROR");
			if (line.startsWith(step + " ")) {
				return line.substring(step.length() + 1);
			}
		}
	}

	private static BlockingQueue<String> lines(InputStream stream) {
		BlockingQueue<String> lines = new LinkedBlockingQueue<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
				in.lines().forEach(lines::add);
			}
			catch (IOException ex) {
				lines.add("ERROR " + ex.getMessage());
			}
		}, "node-stdout");
		reader.setDaemon(true);
		reader.start();
		return lines;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			return ex.getMessage();
		}
	}

}
