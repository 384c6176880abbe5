package io.exp.server.rest;

import java.util.List;
import java.util.Map;

import io.exp.server.ExpServer;
import io.exp.server.ServerClient;
import io.exp.server.ServerClient.Answer;
import io.exp.server.fixture.DefaultFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceApiTests {

	private static ExpServer server;

	private static ServerClient client;

	private static String joe;

	@BeforeAll
	static void start() {
		server = ExpServer.builder().property("exp.server.max-document-size", 64 * 1024).start();
		client = new ServerClient(server.getUrl());
		joe = client.tokenOf(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "/api/devices", "/api/things", "/api/experiences", "/api/locations", "/api/connectors/feeds" })
	void everyKindSupportsCreateGetFindMergeAndDelete(String path) {
		Answer created = client.send("POST", path, joe, ServerClient.json(Map.of("name", "Created", "color", "red")));
		assertThat(created.status()).isEqualTo(201);
		String uuid = created.json().get("uuid").asString();
		assertThat(uuid).isNotBlank();
		assertThat(client.get(path + "/" + uuid, joe).json().get("name").asString()).isEqualTo("Created");
		JsonNode found = client.get(path + "?name=Created", joe).json();
		assertThat(found.get("total").asInt()).isEqualTo(1);
		assertThat(found.get("results").get(0).get("uuid").asString()).isEqualTo(uuid);
		Answer merged = client.send("PATCH", path + "/" + uuid, joe, ServerClient.json(Map.of("name", "Renamed")));
		assertThat(merged.json().get("name").asString()).isEqualTo("Renamed");
		assertThat(merged.json().get("color").asString()).isEqualTo("red");
		assertThat(client.send("DELETE", path + "/" + uuid, joe, null).status()).isEqualTo(204);
		assertThat(client.get(path + "/" + uuid, joe).status()).isEqualTo(404);
	}

	@Test
	void dottedQueryParametersFilterOnNestedFieldsAndArrays() {
		assertThat(uuids("/api/devices?location.zones.key=lobby")).containsExactly(DefaultFixture.DEVICE_1);
		assertThat(uuids("/api/devices?experience.uuid=" + DefaultFixture.EXPERIENCE_1))
			.contains(DefaultFixture.DEVICE_1, DefaultFixture.DEVICE_2);
		assertThat(uuids("/api/things?location.uuid=" + DefaultFixture.LOCATION_1))
			.containsExactly(DefaultFixture.THING_1);
	}

	@Test
	void findPagesAndSorts() {
		JsonNode page = client.get("/api/devices?sort=-name&limit=1&skip=1", joe).json();
		assertThat(page.get("total").asInt()).isGreaterThanOrEqualTo(3);
		assertThat(page.get("results")).hasSize(1);
		assertThat(page.get("results").get(0).get("name").asString()).isEqualTo("Lobby Display");
	}

	@Test
	void badPagingParameterIsA400() {
		Answer answer = client.get("/api/devices?limit=lots", joe);
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.json().get("message").asString()).contains("limit");
	}

	@Test
	void feedDataIsDeterministicAndEchoesTheQuery() {
		JsonNode data = client.get("/api/connectors/feeds/" + DefaultFixture.FEED_1 + "/data?city=Paris", joe).json();
		assertThat(data.at("/query/city").asString()).isEqualTo("Paris");
		assertThat(data.get("items")).hasSize(2);
	}

	@Test
	void dataIsPutReadFoundAndDeleted() {
		Answer put = client.send("PUT", "/api/data/cats/4", joe, ServerClient.json(Map.of("name", "tom")));
		assertThat(put.status()).isEqualTo(200);
		assertThat(client.get("/api/data/cats/4", joe).json().at("/value/name").asString()).isEqualTo("tom");
		assertThat(client.get("/api/data?group=cats", joe).json().get("total").asInt()).isEqualTo(2);
		assertThat(client.send("DELETE", "/api/data/cats/4", joe, null).status()).isEqualTo(204);
		assertThat(client.get("/api/data/cats/4", joe).status()).isEqualTo(404);
	}

	@Test
	void dataValueMustBeAJsonObject() {
		assertThat(client.send("PUT", "/api/data/cats/5", joe, "[1, 2]").status()).isEqualTo(400);
		assertThat(client.send("PUT", "/api/data/cats/5", joe, "\"text\"").status()).isEqualTo(400);
	}

	@Test
	void oversizedDocumentIsA413() {
		String big = ServerClient.json(Map.of("blob", "x".repeat(100 * 1024)));
		Answer answer = client.send("PUT", "/api/data/cats/big", joe, big);
		assertThat(answer.status()).isEqualTo(413);
		assertThat(answer.json().get("code").asString()).isEqualTo("request.tooLarge");
		assertThat(client.get("/api/data/cats/big", joe).status()).isEqualTo(404);
	}

	@Test
	void malformedJsonIsA400AndWrongMediaTypeA415() {
		assertThat(client.send("POST", "/api/devices", joe, "{\"name\": ").status()).isEqualTo(400);
		assertThat(client.send("POST", "/api/devices", joe, "name=x", "text/plain").status()).isEqualTo(415);
	}

	@Test
	void unknownPathIsAJson404() {
		Answer answer = client.get("/api/unknown", joe);
		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.json().get("status").asInt()).isEqualTo(404);
	}

	@Test
	void contentTreeHasChildrenBothWays() {
		assertThat(client.get("/api/content/" + DefaultFixture.CONTENT_ROOT, joe).json().get("name").asString())
			.isEqualTo("Root");
		assertThat(uuids("/api/content/" + DefaultFixture.CONTENT_ROOT + "/children")).hasSize(3)
			.contains(DefaultFixture.CONTENT_FILE);
		assertThat(uuids("/api/content?parent=" + DefaultFixture.CONTENT_ROOT)).hasSize(3);
	}

	@Test
	void deliveryServesFilesAndVariantsWithTheRestrictedToken() {
		String rt = client.login(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp")
			.json()
			.get("restrictedToken")
			.asString();
		Answer file = client.get("/api/delivery/images/logo.png?_rt=" + rt, null);
		Answer thumb = client.get("/api/delivery/images/logo.png?_rt=" + rt + "&variant=thumb", null);
		assertThat(file.status()).isEqualTo(200);
		assertThat(thumb.status()).isEqualTo(200);
		assertThat(file.body()).contains("<svg").isNotEqualTo(thumb.body());
		assertThat(client.get("/api/delivery/images/logo.png?_rt=" + rt + "&variant=huge", null).status())
			.isEqualTo(404);
		assertThat(client.get("/api/delivery/images/logo.png", null).status()).isEqualTo(401);
		assertThat(client.get("/api/locations/" + DefaultFixture.LOCATION_1 + "/layout?_rt=" + rt, null).status())
			.isEqualTo(200);
	}

	private static List<String> uuids(String path) {
		Answer answer = client.get(path, joe);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		return answer.json().get("results").valueStream().map((node) -> node.get("uuid").asString()).toList();
	}

}
