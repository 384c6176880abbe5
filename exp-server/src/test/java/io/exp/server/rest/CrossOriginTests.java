package io.exp.server.rest;

import io.exp.server.ExpServer;
import io.exp.server.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browsers' cross-origin calls are allowed as {@code exp.server.cors.*} says, none by
 * default; preflights are answered before the bearer-token check, since they never carry
 * a token.
 */
class CrossOriginTests {

	private static final String ALLOWED = "Origin: https://app.example.com";

	@RegisterExtension
	final NoErrorLogged noErrorLogged = new NoErrorLogged();

	private static ExpServer configured;

	private static ExpServer byDefault;

	@BeforeAll
	static void start() {
		configured = ExpServer.builder()
			.property("exp.server.cors.allowed-origins", "https://app.example.com")
			.property("exp.server.cors.allowed-methods", "GET,PUT")
			.property("exp.server.cors.max-age", "10m")
			.property("exp.server.cors.allow-credentials", true)
			.start();
		byDefault = ExpServer.builder().start();
	}

	@AfterAll
	static void stop() {
		configured.close();
		byDefault.close();
	}

	@Test
	void aPreflightFromAnAllowedOriginIsAnsweredWithoutAToken() {
		RawHttp.Answer answer = preflight(configured, ALLOWED, "PUT");
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
		assertThat(answer.header("Access-Control-Allow-Methods")).contains("PUT");
		assertThat(answer.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
		assertThat(answer.header("Access-Control-Max-Age")).isEqualTo("600");
	}

	@Test
	void anAllowedOriginMaySendCredentialsWhenConfigured() {
		assertThat(preflight(configured, ALLOWED, "GET").header("access-control-allow-credentials")).isEqualTo("true");
		assertThat(preflight(byDefault, ALLOWED, "GET").header("access-control-allow-credentials")).isNull();
	}

	@Test
	void aPreflightFromAnotherOriginOrForAnotherMethodIsAJson403() {
		assertRefused(preflight(configured, "Origin: https://elsewhere.example.com", "GET"));
		assertRefused(preflight(configured, ALLOWED, "DELETE"));
	}

	@Test
	void noOriginIsAllowedByDefault() {
		assertRefused(preflight(byDefault, ALLOWED, "GET"));
	}

	@Test
	void anAllowedOriginCanReadTheErrorAnswers() {
		RawHttp.Answer answer = new RawHttp(configured.getPort()).send("GET", "/api/devices", ALLOWED);
		ErrorAnswerTests.assertJsonError(answer, 401);
		assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
	}

	private static RawHttp.Answer preflight(ExpServer server, String origin, String method) {
		return new RawHttp(server.getPort()).send("OPTIONS", "/api/devices/abc", origin,
				"Access-Control-Request-Method: " + method,
				"Access-Control-Request-Headers: authorization,content-type");
	}

	private static void assertRefused(RawHttp.Answer answer) {
		ErrorAnswerTests.assertJsonError(answer, 403);
		assertThat(answer.header("Access-Control-Allow-Origin")).isNull();
	}

}
