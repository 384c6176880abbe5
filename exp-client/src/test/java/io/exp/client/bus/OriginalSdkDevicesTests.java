package io.exp.client.bus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.exp.client.auth.ExpCredentials;
import io.exp.server.ExpServer;
import io.exp.server.fixture.DefaultFixture;
import io.exp.server.socketio.OriginalSdk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Devices and users running the original EXP JavaScript SDK ({@code exp-sdk} 5.0.0 from
 * npm, run by Node, speaking socket.io) and a Spring app's {@link ExpEventBus} (STOMP) on
 * the same server: broadcasts and responses both ways, while the SDK runs its own README
 * example.
 */
class OriginalSdkDevicesTests {

	private static ExpServer server;

	@BeforeAll
	static void start() {
		server = ExpServer.builder().property("exp.server.socketio.enabled", true).start();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void anExpEventBusAndTheOriginalSdkExchangeBroadcastsAndResponsesBothWays() throws Exception {
		ExpEventBus app = Buses.bus(server,
				ExpCredentials.device(DefaultFixture.DEVICE_2, DefaultFixture.DEVICE_2_SECRET, false));
		BlockingQueue<ExpMessage> heard = new LinkedBlockingQueue<>();
		app.organization().listen("I changed a device!", heard::add);
		app.organization().listen("getSomething", (message) -> {
			if (DefaultFixture.DEVICE_2.equals(message.getSenderUuid())) {
				return;
			}
			message.respond(Map.of("fromJava", true));
		});
		app.start();
		try (OriginalSdk sdk = OriginalSdk.run("example", environment())) {
			sdk.next("READY", Object.class);

			app.organization().broadcast("hello", Map.of("from", "java"));
			assertThat(sdk.next("HEARD", Map.class)).as("the SDK device hears the ExpEventBus")
				.isEqualTo(Map.of("name", "hello", "payload", Map.of("from", "java")));
			List<ExpMessage> answers = app.organization()
				.broadcast("getSomething", Map.of("info", 1), Duration.ofSeconds(3));
			assertThat(answers).as("the SDK device's response to the ExpEventBus").anySatisfy((answer) -> {
				assertThat(answer.getSenderUuid()).isEqualTo(DefaultFixture.DEVICE_1);
				assertThat(answer.getPayload()).isEqualTo(Map.of("something", 1));
			});

			sdk.proceed();
			assertThat(sdk.next("FOUND", List.class)).contains(DefaultFixture.DEVICE_1, DefaultFixture.DEVICE_3);
			ExpMessage changed = heard.poll(10, TimeUnit.SECONDS);
			assertThat(changed).as("the SDK user's broadcast").isNotNull();
			assertThat(changed.getPayload()).isEqualTo(Map.of("uuid", DefaultFixture.DEVICE_3));
			assertThat(sdk.next("RESPONSES", List.class)).as("the SDK device's and the ExpEventBus's responses")
				.containsExactlyInAnyOrder(Map.of("something", 123), Map.of("fromJava", true));
			sdk.finish();
		}
		finally {
			app.stop();
		}
	}

	private static Map<String, String> environment() {
		return Map.of("EXP_HOST", server.getUrl(), "DEVICE_UUID", DefaultFixture.DEVICE_1, "DEVICE_SECRET",
				DefaultFixture.DEVICE_1_SECRET, "USERNAME", DefaultFixture.JOE, "PASSWORD", DefaultFixture.JOE_PASSWORD,
				"ORGANIZATION", DefaultFixture.ORGANIZATION, "CHANGED_DEVICE", DefaultFixture.DEVICE_3);
	}

}
