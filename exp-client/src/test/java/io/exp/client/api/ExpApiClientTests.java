package io.exp.client.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.exp.client.ExpApiException;
import io.exp.client.auth.ExpCredentials;
import io.exp.server.ExpServer;
import io.exp.server.fixture.DefaultFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Every API call the EXP Python SDK documents, against the embedded server.
 */
class ExpApiClientTests {

	static final String DEVICE_1 = DefaultFixture.DEVICE_1;

	static final String EXPERIENCE_1 = "e1000000-0000-4000-8000-000000000001";

	static final String LOCATION_1 = "a1000000-0000-4000-8000-000000000001";

	static final String CONTENT_ROOT = "c0000000-0000-4000-8000-000000000001";

	static final String RESERVED = "a+b & c=d %20 e/f? #g é";

	private static ExpServer server;

	private static ExpApiClient api;

	private static ExpApiClient device;

	@BeforeAll
	static void start() {
		server = ExpServer.builder().start();
		api = new ExpApiClient(ReactiveExpApiClient.builder()
			.host("http://localhost")
			.port(server.getPort())
			.credentials(ExpCredentials.user(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp"))
			.build());
		device = new ExpApiClient(ReactiveExpApiClient.builder()
			.baseUrl(server.getUrl())
			.credentials(ExpCredentials.device(DEVICE_1, DefaultFixture.DEVICE_1_SECRET, false))
			.build());
	}

	@AfterAll
	static void stop() {
		api.close();
		device.close();
		server.close();
	}

	@Test
	void findsDevicesWithTheirTotalAndFilters() {
		ExpResults<ExpDevice> all = api.findDevices();
		assertThat(all.getTotal()).isGreaterThanOrEqualTo(3);
		ExpResults<ExpDevice> lobby = api.findDevices(Map.of("location.zones.key", "lobby"));
		assertThat(lobby).extracting(ExpDevice::getUuid).containsExactly(DEVICE_1);
		assertThat(api.findDevices(Map.of("limit", 1)).getTotal()).isEqualTo(all.getTotal());
	}

	@Test
	void reservedCharactersInQueryValuesReachTheServerAsSent() {
		ExpFeed feed = api.getFeed("b1000000-0000-4000-8000-000000000001").orElseThrow();
		assertThat(feed.getData(Map.of("sum", RESERVED))).containsEntry("query", Map.of("sum", RESERVED));
		assertThat(feed.getData(Map.of("sum", "1+1=2"))).containsEntry("query", Map.of("sum", "1+1=2"));
		ExpDevice player = api.createDevice(Map.of("name", "C++ Player"));
		ExpDevice odd = api.createDevice(Map.of("name", RESERVED));
		api.createData("k", "a+b", Map.of("v", 1));
		try {
			assertThat(api.findDevices(Map.of("name", "C++ Player"))).extracting(ExpDevice::getUuid)
				.containsExactly(player.getUuid());
			assertThat(api.findDevices(Map.of("name", RESERVED))).extracting(ExpDevice::getUuid)
				.containsExactly(odd.getUuid());
			assertThat(api.get("/api/devices", Map.of("name", RESERVED)).get("total").asInt()).isEqualTo(1);
			assertThat(api.findData(Map.of("group", "a+b"))).extracting(ExpData::getKey).containsExactly("k");
		}
		finally {
			player.delete();
			odd.delete();
			api.getData("k", "a+b").orElseThrow().delete();
		}
	}

	@Test
	void renamesADeviceAndSavesItAsTheExpPythonSdkDid() {
		ExpDevice created = api.createDevice(Map.of("name", "Temporary", "field", 1));
		created.getDocument().put("field", 123);
		created.setName("My Device");
		created.save();
		ExpDevice read = api.getDevice(created.getUuid()).orElseThrow();
		assertThat(read.getName()).isEqualTo("My Device");
		assertThat(read.getDocument()).containsEntry("field", 123);
		api.patch("/api/devices/" + created.getUuid(), Map.of("name", "Changed elsewhere"));
		created.refresh();
		assertThat(created.getName()).isEqualTo("Changed elsewhere");
		created.delete();
		assertThat(api.getDevice(created.getUuid())).isEmpty();
	}

	@Test
	void everyResourceKindHasTheSameVerbs() {
		ExpThing thing = api.createThing(Map.of("name", "t"));
		assertThat(api.getThing(thing.getUuid())).isPresent();
		assertThat(api.findThings(Map.of("name", "t")).getTotal()).isEqualTo(1);
		api.deleteThing(thing.getUuid());
		ExpExperience experience = api.createExperience(Map.of("name", "e"));
		assertThat(api.findExperiences(Map.of("uuid", experience.getUuid()))).hasSize(1);
		api.deleteExperience(experience.getUuid());
		assertThat(api.getExperience(experience.getUuid())).isEmpty();
		ExpLocation location = api.createLocation(Map.of("name", "l"));
		assertThat(api.findLocations(Map.of("uuid", location.getUuid()))).hasSize(1);
		api.deleteLocation(location.getUuid());
		ExpFeed feed = api.createFeed(Map.of("name", "f"));
		assertThat(api.getFeed(feed.getUuid())).isPresent();
		assertThat(api.findFeeds(Map.of("uuid", feed.getUuid()))).hasSize(1);
		api.deleteFeed(feed.getUuid());
		api.deleteDevice(api.createDevice(Map.of("name", "d")).getUuid());
	}

	@Test
	void absentResourcesAreEmpty() {
		assertThat(api.getDevice("nope")).isEmpty();
		assertThat(api.getData("nope", "nope")).isEmpty();
		assertThat(api.getContent("nope")).isEmpty();
	}

	@Test
	void currentResourcesAreDerivedFromTheDeviceIdentity() {
		assertThat(device.getCurrentDevice()).map(ExpDevice::getUuid).contains(DEVICE_1);
		assertThat(device.getCurrentExperience()).map(ExpExperience::getUuid).contains(EXPERIENCE_1);
		assertThat(device.getCurrentLocation()).map(ExpLocation::getUuid).contains(LOCATION_1);
		assertThat(device.getCurrentZones()).extracting(ExpZone::getKey).containsExactly("lobby");
		assertThat(api.getCurrentDevice()).isEmpty();
		assertThat(api.getCurrentZones()).isEmpty();
	}

	@Test
	void resourcesFollowTheirLinks() {
		ExpDevice lobbyDisplay = api.getDevice(DEVICE_1).orElseThrow();
		assertThat(lobbyDisplay.getLocation()).map(ExpLocation::getName).contains("Headquarters");
		assertThat(lobbyDisplay.getExperience()).map(ExpExperience::getName).contains("Main Experience");
		assertThat(lobbyDisplay.getZones()).extracting(ExpZone::getName).containsExactly("Lobby");
		ExpExperience experience = lobbyDisplay.getExperience().orElseThrow();
		assertThat(experience.getDevices()).extracting(ExpDevice::getUuid).contains(DEVICE_1);
		ExpLocation location = lobbyDisplay.getLocation().orElseThrow();
		assertThat(location.getDevices()).hasSize(2);
		assertThat(location.getThings()).hasSize(1);
		assertThat(location.getZones()).extracting(ExpZone::getKey).containsExactly("lobby", "entrance");
		assertThat(location.getLayoutUrl()).contains("/api/locations/" + LOCATION_1 + "/layout?_rt=");
		ExpZone lobby = location.getZones().get(0);
		assertThat(lobby.getDevices()).extracting(ExpDevice::getUuid).containsExactly(DEVICE_1);
		assertThat(lobby.getThings()).hasSize(1);
		assertThat(lobby.getLocation()).isSameAs(location);
		ExpFeed feed = api.getFeed("b1000000-0000-4000-8000-000000000001").orElseThrow();
		assertThat(feed.getData(Map.of("city", "Paris"))).containsEntry("query", Map.of("city", "Paris"));
	}

	@Test
	void typedViewsReadTheDocumentThroughJackson() {
		record DeviceView(String uuid, String name) {
		}
		DeviceView view = api.getDevice(DEVICE_1).orElseThrow().getDocument(DeviceView.class);
		assertThat(view).isEqualTo(new DeviceView(DEVICE_1, "Lobby Display"));
	}

	@Test
	void dataIsReadChangedSavedAndDeletedAsTheExpPythonSdkDid() {
		ExpData cats = api.getData("1", "cats").orElseThrow();
		assertThat(cats.getValue()).containsEntry("name", "fluffy");
		ExpData created = api.createData("4", "cats", Map.of("name", "fluffy"));
		created.setValue(Map.of("generic", 1111));
		created.save();
		assertThat(api.getData("4", "cats").orElseThrow().getValue()).isEqualTo(Map.of("generic", 1111));
		assertThat(api.findData(Map.of("group", "cats")).getTotal()).isEqualTo(2);
		created.delete();
		assertThat(api.getData("4", "cats")).isEmpty();
	}

	@Test
	void contentTreeGivesChildrenAndDeliveryUrls() throws Exception {
		ExpContent root = api.getContent(CONTENT_ROOT).orElseThrow();
		List<ExpContent> children = root.getChildren();
		assertThat(children).hasSize(3);
		ExpContent file = children.stream().filter((c) -> "logo.png".equals(c.getName())).findFirst().orElseThrow();
		assertThat(file.hasVariant("thumb")).isTrue();
		assertThat(file.hasVariant("huge")).isFalse();
		assertThat(file.getVariantUrl("huge")).isNull();
		HttpClient http = HttpClient.newHttpClient();
		for (String url : List.of(file.getUrl(), file.getVariantUrl("thumb"))) {
			var response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(url).isEqualTo(200);
		}
		ExpContent site = children.stream().filter((c) -> "Example Site".equals(c.getName())).findFirst().orElseThrow();
		assertThat(site.getUrl()).isEqualTo("https://example.com");
		assertThat(api.findContent(Map.of("parent", CONTENT_ROOT)).getTotal()).isEqualTo(3);
	}

	@Test
	void rawCallsReachAnyPath() {
		assertThat(api.get("/api/devices", Map.of("limit", 1)).get("total").asInt()).isGreaterThanOrEqualTo(3);
		String uuid = api.post("/api/things", Map.of("name", "raw")).get("uuid").asString();
		assertThat(api.put("/api/data/raw/1", Map.of("a", 1)).at("/value/a").asInt()).isEqualTo(1);
		api.delete("/api/things/" + uuid);
		assertThat(api.getThing(uuid)).isEmpty();
	}

	@Test
	void errorAnswersCarryStatusCodeAndMessage() {
		assertThatExceptionOfType(ExpApiException.class).isThrownBy(() -> api.put("/api/data/cats/x", List.of(1)))
			.satisfies((ex) -> {
				assertThat(ex.getStatus()).isEqualTo(400);
				assertThat(ex.getCode()).isEqualTo("request.malformed");
				assertThat(ex.getPayload()).containsEntry("status", 400);
			});
		assertThatExceptionOfType(ExpApiException.class).isThrownBy(() -> api.get("/api/devices", Map.of("limit", "x")))
			.withMessageContaining("limit");
	}

	@Test
	void getChannelWithoutAnEventBusSaysWhatToDo() {
		assertThatIllegalStateException().isThrownBy(() -> api.getDevice(DEVICE_1).orElseThrow().getChannel())
			.withMessageContaining("event bus");
	}

	@Test
	void theReactiveTwinAnswersMonos() {
		StepVerifier.create(api.reactive().getDevice(DEVICE_1).map(ExpDevice::getName))
			.expectNext("Lobby Display")
			.verifyComplete();
		StepVerifier.create(api.reactive().getDevice("nope")).verifyComplete();
		StepVerifier.create(api.reactive().findDevices(Map.of("location.zones.key", "lobby")).map(List::size))
			.expectNext(1)
			.verifyComplete();
	}

}
