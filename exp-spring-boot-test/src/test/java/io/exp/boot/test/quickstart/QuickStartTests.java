package io.exp.boot.test.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.exp.boot.test.EmbeddedExpServer;
import io.exp.client.api.ExpApiClient;
import io.exp.client.api.ReactiveExpApiClient;
import io.exp.client.auth.ExpCredentials;
import io.exp.client.bus.ExpEventBus;
import io.exp.client.bus.ExpTarget;
import io.exp.server.ExpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's quick start, run: the code below the README's "Quick start" is this module's
 * {@link QuickStartApplication}, checked here word for word, so the docs cannot drift from the code.
 */
@SpringBootTest(classes = QuickStartApplication.class, properties = "spring.main.web-application-type=none")
@EmbeddedExpServer
@ExtendWith(OutputCaptureExtension.class)
class QuickStartTests {

	@Autowired
	private ExpServer server;

	@Autowired
	private ExpApiClient api;

	@Test
	void theQuickStartListensRespondsAndReportsOnline(CapturedOutput output) {
		ExpEventBus device = ExpEventBus.builder(ReactiveExpApiClient.builder()
			.baseUrl(this.server.getUrl())
			.credentials(ExpCredentials.device("d1000000-0000-4000-8000-000000000001",
					"device-one-secret-0123456789abcdef", false))
			.build()).build();
		device.start();
		try {
			device.organization().broadcast("Hi!", Map.of("from", "device"));
			Object answer = device.organization().request("getSomething",
					ExpTarget.uuid(this.api.getAuth().identity().uuid()), Map.of("info", 123));
			assertThat(answer).isEqualTo("Something for 123");
			await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("Hi! {from=device}"));
			assertThat(output.getOut()).contains("Online!");
		}
		finally {
			device.stop();
		}
	}

	@Test
	void theReadmeShowsThisCodeWordForWord() throws IOException {
		String source = Files.readString(Path.of("src/test/java/io/exp/boot/test/quickstart/QuickStartApplication.java"));
		String tested = between(source, "// quick-start:begin\n", "// quick-start:end");
		String readme = Files.readString(Path.of("../README.md"));
		String documented = between(readme, "<!-- quick-start:java -->\n```java\n", "```");
		assertThat(documented).isEqualTo(tested);
	}

	private static String between(String text, String start, String end) {
		int from = text.indexOf(start);
		assertThat(from).as("marker " + start.trim()).isNotNegative();
		int to = text.indexOf(end, from + start.length());
		return text.substring(from + start.length(), to).replace("\t", "    ");
	}

}
