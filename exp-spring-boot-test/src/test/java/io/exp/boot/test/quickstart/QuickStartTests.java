package io.exp.boot.test.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.exp.boot.test.EmbeddedExpServer;
import io.exp.boot.test.ExpTestServer;
import io.exp.boot.test.TestDevices;
import io.exp.client.api.ExpApiClient;
import io.exp.client.bus.ExpEventBus;
import io.exp.client.bus.ExpTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's quick start, run: the code below the README's "Quick start" is this
 * module's {@link QuickStartApplication}, checked here word for word, so the docs cannot
 * drift from the code.
 */
@SpringBootTest(classes = { QuickStartApplication.class, QuickStartTests.Device.class },
		properties = "spring.main.web-application-type=none")
@EmbeddedExpServer
@ExtendWith(OutputCaptureExtension.class)
class QuickStartTests {

	@Autowired
	private Device device;

	@Autowired
	private ExpApiClient api;

	@Test
	void theQuickStartListensRespondsAndReportsOnline(CapturedOutput output) {
		ExpEventBus bus = this.device.bus;
		bus.organization().broadcast("Hi!", Map.of("from", "device"));
		Object answer = bus.organization()
			.request("getSomething", ExpTarget.uuid(this.api.getAuth().identity().uuid()), Map.of("info", 123));
		assertThat(answer).isEqualTo("Something for 123");
		await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("Hi! {from=device}"));
		assertThat(output.getOut()).contains("Online!");
	}

	@Test
	void theQuickStartAsksTheDeviceForMoneyOnTheExperienceChannelAsTheExpPythonSdksExample(CapturedOutput output) {
		assertThat(this.device.askedFor).containsExactly(Map.of("amount", 5));
		assertThat(output.getOut()).contains("The device answered {sent=5}");
	}

	@Test
	void theReadmeShowsThisCodeWordForWord() throws IOException {
		String source = Files
			.readString(Path.of("src/test/java/io/exp/boot/test/quickstart/QuickStartApplication.java"));
		String tested = between(source, "// quick-start:begin\n", "// quick-start:end");
		String readme = Files.readString(Path.of("../README.md"));
		String documented = between(readme, "<!-- quick-start:java -->\n```java\n", "```");
		assertThat(documented).isEqualTo(tested);
	}

	/**
	 * The fixture's first device, online before the application's runners: it answers
	 * {@code sendMeMoney} on its experience channel, as the device of the EXP Python
	 * SDK's example.
	 */
	static class Device implements SmartLifecycle {

		final ExpEventBus bus;

		final List<Object> askedFor = new CopyOnWriteArrayList<>();

		Device(ExpTestServer server) {
			this.bus = TestDevices.device1(server);
		}

		@Override
		public void start() {
			this.bus.start();
			this.bus.experience().respond("sendMeMoney", Map.class, (request) -> {
				this.askedFor.add(request);
				return Map.of("sent", request.get("amount"));
			});
		}

		@Override
		public void stop() {
			this.bus.stop();
		}

		@Override
		public boolean isRunning() {
			return this.bus.isRunning();
		}

		@Override
		public int getPhase() {
			return ExpEventBus.PHASE + 10;
		}

	}

	private static String between(String text, String start, String end) {
		int from = text.indexOf(start);
		assertThat(from).as("marker " + start.trim()).isNotNegative();
		int to = text.indexOf(end, from + start.length());
		return text.substring(from + start.length(), to).replace("\t", "    ");
	}

}
