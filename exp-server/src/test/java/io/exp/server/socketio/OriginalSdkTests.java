package io.exp.server.socketio;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.exp.server.ExpServer;
import io.exp.server.RawHttp;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.ChannelId;
import io.exp.server.bus.StompTestClient;
import io.exp.server.bus.StompTestClient.Connection;
import io.exp.server.fixture.DefaultFixture;
import io.exp.server.store.DeliveryFiles;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original EXP JavaScript SDK, {@code exp-sdk} 5.0.0 from npm, run by Node against a
 * real server as its users wrote code: the SDK's example beside a Spring app on the STOMP
 * bus (a raw STOMP client, as the Java {@code ExpEventBus} speaks), content and layout
 * URLs, data keys with a {@code /}, and pairing.
 */
class OriginalSdkTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final ChannelId ORGANIZATION = new ChannelId("exp", "organization", false, false);

	private static final Identity JOE = SocketIoBridgeTests.JOE;

	private static final Identity SPRING_APP = new Identity(DefaultFixture.DEVICE_2, "device", "exp", null);

	private static final String SPARE_DEVICE = "d1000000-0000-4000-8000-000000000003";

	private static ExpServer server;

	private static StompTestClient stomp;

	private static Map<String, String> environment;

	@BeforeAll
	static void start() {
		server = ExpServer.builder()
			.property("exp.server.socketio.enabled", true)
			.property("exp.server.pairing.enabled", true)
			.start();
		stomp = new StompTestClient(server.getPort());
		environment = Map.ofEntries(Map.entry("EXP_HOST", server.getUrl()),
				Map.entry("DEVICE_UUID", DefaultFixture.DEVICE_1),
				Map.entry("DEVICE_SECRET", DefaultFixture.DEVICE_1_SECRET), Map.entry("USERNAME", DefaultFixture.JOE),
				Map.entry("PASSWORD", DefaultFixture.JOE_PASSWORD), Map.entry("ORGANIZATION", "exp"),
				Map.entry("CHANGED_DEVICE", SPARE_DEVICE), Map.entry("CONTENT_FILE", DefaultFixture.CONTENT_FILE),
				Map.entry("CONTENT_APP", "c0000000-0000-4000-8000-000000000003"),
				Map.entry("LOCATION", DefaultFixture.LOCATION_1),
				Map.entry("NEW_DEVICE", "d9000000-0000-4000-8000-000000000014"));
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
	void theSdksExampleRunsBesideASpringAppThatBroadcastsListensAndRespondsOverStomp() throws Exception {
		try (Connection app = stomp.connect(token(SPRING_APP));
				OriginalSdk sdk = OriginalSdk.run("example", environment)) {
			BlockingQueue<Map<String, Object>> heard = app.subscribe("/topic/channel." + ORGANIZATION.encode());
			BlockingQueue<Map<String, Object>> responses = app.subscribe("/user/queue/responses");
			sdk.next("READY", Object.class);
			app.send("/app/broadcast",
					Map.of("channel", ORGANIZATION.encode(), "name", "hello", "payload", Map.of("from", "java")));
			assertThat(sdk.next("HEARD", Map.class)).as("the SDK device hears the Spring app")
				.isEqualTo(Map.of("name", "hello", "payload", Map.of("from", "java")));
			app.send("/app/broadcast", Map.of("channel", ORGANIZATION.encode(), "name", "getSomething", "id", "java-1",
					"payload", Map.of("info", 1)));
			assertThat(responses.poll(10, TimeUnit.SECONDS)).as("the SDK device's response to the Spring app")
				.containsEntry("id", "java-1")
				.containsEntry("payload", Map.of("something", 1))
				.containsEntry("sender", Map.of("uuid", DefaultFixture.DEVICE_1, "type", "device"));

			sdk.proceed();
			assertThat(sdk.next("FOUND", List.class)).contains(DefaultFixture.DEVICE_1, DefaultFixture.DEVICE_2,
					SPARE_DEVICE);
			assertThat(sdk.next("SAVED", Map.class)).containsEntry("uuid", SPARE_DEVICE)
				.containsEntry("name", "My Device");
			assertThat(new RawHttp(server.getPort())
				.send("GET", "/api/devices/" + SPARE_DEVICE, "Authorization: Bearer " + token(JOE))
				.json()
				.get("name")
				.asString()).as("saved").isEqualTo("My Device");
			assertThat(named(heard, "I changed a device!")).as("the user's broadcast over STOMP")
				.containsEntry("payload", Map.of("uuid", SPARE_DEVICE))
				.containsEntry("sender", Map.of("uuid", JOE.uuid(), "type", "user"));
			Map<String, Object> question = named(heard, "getSomething");
			assertThat(question).containsEntry("payload", Map.of("info", 123));
			app.send("/app/response", Map.of("id", question.get("id"), "channel", ORGANIZATION.encode(), "payload",
					Map.of("fromJava", true), "target", Map.of("uuid", JOE.uuid())));
			assertThat(sdk.next("RESPONSES", List.class)).as("the SDK device's and the Spring app's responses")
				.containsExactlyInAnyOrder(Map.of("something", 123), Map.of("fromJava", true));
			assertThat(sdk.next("TRANSPORT", String.class)).isEqualTo("websocket");
			sdk.finish();
			assertThat(sdk.all("HEARD", Map.class)).as("the SDK device hears the SDK user")
				.contains(Map.of("name", "I changed a device!", "payload", Map.of("uuid", SPARE_DEVICE)));
		}
	}

	@Test
	void contentAndLayoutUrlsAsTheSdkBuildsThemServeTheFixturesBytesWithTheTokenOrTheBrowsersCookie() throws Exception {
		String delivery = server.getUrl() + "/api/delivery";
		Map<String, String> urls = Map.of("file", delivery + "/images/logo.png", "thumb",
				delivery + "/images/logo.png?variant=thumb", "app", delivery + "/apps/welcome/index.html", "layout",
				server.getUrl() + "/api/locations/" + DefaultFixture.LOCATION_1 + "/layout");
		Map<String, String> bytes = Map.of("file", fixture("/images/logo.png", null), "thumb",
				fixture("/images/logo.png", "thumb"), "app", fixture("/apps/welcome", null), "layout",
				fixture("/layouts/" + DefaultFixture.LOCATION_1, null));
		try (OriginalSdk sdk = OriginalSdk.run("content", environment)) {
			assertThat(sdk.next("LAYOUT_URL", String.class)).as("a bare path")
				.isEqualTo("/api/locations/" + DefaultFixture.LOCATION_1 + "/layout");
			for (int i = 0; i < urls.size(); i++) {
				Map<?, ?> fetched = sdk.next("FETCHED", Map.class);
				String name = (String) fetched.get("name");
				assertThat(fetched.get("url")).as(name).isEqualTo(urls.get(name));
				Map<String, Object> answer = Map.of("status", 200, "base64", bytes.get(name));
				assertThat(fetched.get("bearer")).as(name + " with the token").isEqualTo(answer);
				assertThat(fetched.get("cookie")).as(name + " with the cookie").isEqualTo(answer);
				assertThat(fetched.get("none")).as(name + " with neither").isEqualTo(401);
			}
			sdk.finish();
		}
	}

	@Test
	void dataWhoseKeyHasASlashIsSavedReadAndListed() throws Exception {
		try (OriginalSdk sdk = OriginalSdk.run("data", environment)) {
			Map<?, ?> data = sdk.next("DATA", Map.class);
			sdk.finish();
			assertThat(data.get("created"))
				.isEqualTo(Map.of("group", "cats", "key", "tabby/grey", "value", Map.of("name", "smokey")));
			assertThat(data.get("got"))
				.isEqualTo(Map.of("group", "cats", "key", "tabby/grey", "value", Map.of("name", "smokey", "age", 3)));
			assertThat(data.get("found")).asInstanceOf(InstanceOfAssertFactories.LIST).contains("tabby/grey", "1");
		}
		assertThat(json.readValue(new RawHttp(server.getPort())
			.send("GET", "/api/data/cats/tabby%2Fgrey", "Authorization: Bearer " + token(JOE))
			.body(), Map.class)).as("saved").containsEntry("value", Map.of("name", "smokey", "age", 3));
	}

	@Test
	void aDeviceStartedForPairingIsToldItIsPairingAndIsRefusedTheApi() throws Exception {
		try (OriginalSdk sdk = OriginalSdk.run("pairing", environment)) {
			assertThat(sdk.next("PAIRING", Map.class)).containsEntry("isPairing", true);
			assertThat(sdk.next("SDK_REFUSED", String.class)).isEqualTo("Cannot send request when in pairing mode.");
			assertThat(sdk.next("API_STATUS", Integer.class)).isEqualTo(403);
			sdk.finish();
		}
	}

	/** The next broadcast with this name, skipping others. */
	private static Map<String, Object> named(BlockingQueue<Map<String, Object>> heard, String name)
			throws InterruptedException {
		while (true) {
			Map<String, Object> message = heard.poll(10, TimeUnit.SECONDS);
			assertThat(message).as("a broadcast named " + name).isNotNull();
			if (name.equals(message.get("name"))) {
				return message;
			}
		}
	}

	private static String fixture(String path, @Nullable String variant) {
		return Base64.getEncoder()
			.encodeToString(server.getBean(DeliveryFiles.class).get("exp", path, variant).orElseThrow().bytes());
	}

	private static String token(Identity identity) {
		return server.getBean(TokenService.class).issue(identity);
	}

}
