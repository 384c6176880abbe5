package io.exp.server.rest;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.exp.server.ExpServer;
import io.exp.server.RawHttp;
import io.exp.server.ServerClient;
import io.exp.server.fixture.DefaultFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad requests, including those Tomcat refuses before Spring sees them, are answered with
 * the right 4xx as JSON {@code {code, message, status}}, whatever the client accepts,
 * without logging an error; the server goes on serving.
 */
class ErrorAnswerTests {

	@RegisterExtension
	final NoErrorLogged noErrorLogged = new NoErrorLogged();

	private static ExpServer server;

	private static RawHttp http;

	private static String bearer;

	@BeforeAll
	static void start() {
		server = ExpServer.builder().start();
		http = new RawHttp(server.getPort());
		bearer = "Authorization: Bearer "
				+ new ServerClient(server.getUrl()).tokenOf(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/html", "application/xml", "image/png" })
	void anErrorIsJsonWhateverTheAcceptHeader(String accept) {
		String header = "Accept: " + accept;
		assertJsonError(http.send("GET", "/api/devices", header), 401);
		assertJsonError(http.send("GET", "/api/unknown", header, bearer), 404);
		assertJsonError(http.send("GET", "/unknown", header), 404);
		assertJsonError(http.send("GET", "/api/devices?limit=lots", header, bearer), 400);
	}

	@Test
	void aMalformedPercentEscapeIsA400() {
		assertJsonError(http.send("GET", "/api/devices?name=%zz", bearer), 400);
		assertJsonError(http.send("GET", "/api/devices/%zz", bearer), 400);
	}

	@Test
	void aParameterWithoutANameIsA400() {
		assertJsonError(http.send("GET", "/api/devices?=x", bearer), 400);
	}

	@Test
	void moreParametersThanTomcatParsesIsA400() {
		String query = IntStream.range(0, 1001).mapToObj((i) -> "p" + i + "=x").collect(Collectors.joining("&"));
		assertJsonError(http.send("GET", "/api/devices?" + query, bearer), 400);
	}

	@Test
	void aCharacterTomcatRefusesInTheRequestLineIsA400() {
		assertJsonError(http.send("GET", "/api/devices?name={x}", bearer), 400);
		assertJsonError(http.send("GET", "/api/devices/a\\b", bearer), 400);
		assertJsonError(http.send("GET", "/api/devices/%00", bearer), 400);
	}

	@Test
	void whatTheServletContainerRefusesIsJsonToo() {
		assertJsonError(http.send("TRACE", "/api/devices", "Accept: text/html"), 405);
		assertJsonError(http.send("GET", "/WEB-INF/web.xml", "Accept: text/html"), 404);
	}

	@Test
	void aDataKeyWithAnEncodedSlashIsOneKeyHoldingASlash() {
		String body = ServerClient.json(Map.of("name", "tom"));
		RawHttp.Answer put = http.sendWithBody("PUT", "/api/data/cats/a%2Fb", body, bearer);
		assertThat(put.status()).as(put.body()).isEqualTo(200);
		assertThat(put.json().get("key").asString()).isEqualTo("a/b");
		RawHttp.Answer read = http.send("GET", "/api/data/cats/a%2Fb", bearer);
		assertThat(read.status()).as(read.body()).isEqualTo(200);
		assertThat(read.json().at("/value/name").asString()).isEqualTo("tom");
		assertThat(http.send("GET", "/api/data?key=a/b", bearer).json().get("total").asInt()).isEqualTo(1);
		assertThat(http.send("DELETE", "/api/data/cats/a%2Fb", bearer).status()).isEqualTo(204);
		assertJsonError(http.send("GET", "/api/data/cats/a%2Fb", bearer), 404);
	}

	@Test
	void anEncodedSlashNeverLeavesItsPathSegment() {
		// not a download, so not exempt from the token
		assertJsonError(http.send("GET", "/api/delivery%2F..%2Fdevices"), 401);
		assertJsonError(http.send("GET", "/api/devices%2F..%2Fauth%2Flogin", bearer), 404);
		assertJsonError(http.send("GET", "/api/data/cats/..%2F..%2Fdevices", bearer), 404);
		assertJsonError(http.sendWithBody("PUT", "/api/data/cats%2Fdogs/key", "{}", bearer), 400);
	}

	@Test
	void theServerGoesOnServingAfterBadRequests() {
		aMalformedPercentEscapeIsA400();
		aCharacterTomcatRefusesInTheRequestLineIsA400();
		assertThat(http.send("GET", "/api/devices", bearer).status()).isEqualTo(200);
	}

	static void assertJsonError(RawHttp.Answer answer, int status) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(answer.header("Content-Type")).as(answer.body()).startsWith("application/json");
		assertThat(answer.json().get("status").asInt()).isEqualTo(status);
		assertThat(answer.json().get("code").asString()).isNotBlank();
		assertThat(answer.json().get("message").asString()).isNotBlank();
	}

}
