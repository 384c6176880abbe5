package io.exp.server.rest;

import io.exp.server.ExpServer;
import io.exp.server.RawHttp;
import io.exp.server.RawHttp.Answer;
import io.exp.server.ServerClient;
import io.exp.server.fixture.DefaultFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app content item as the EXP JavaScript SDK asks for it:
 * {@code /api/delivery{path}/index.html}.
 */
class AppDeliveryTests {

	private static final String WELCOME_APP = "/api/delivery/apps/welcome/index.html";

	private static ExpServer server;

	private static RawHttp raw;

	private static String joe;

	private static String ann;

	@BeforeAll
	static void start() {
		server = ExpServer.builder().start();
		raw = new RawHttp(server.getPort());
		ServerClient client = new ServerClient(server.getUrl());
		joe = client.login(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp")
			.json()
			.get("restrictedToken")
			.asString();
		ann = client.login(DefaultFixture.ANN, DefaultFixture.ANN_PASSWORD, "acme")
			.json()
			.get("restrictedToken")
			.asString();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void anAppIsServedAtItsPathSlashIndexHtml() {
		Answer app = raw.send("GET", WELCOME_APP + "?_rt=" + joe);
		assertThat(app.status()).as(app.body()).isEqualTo(200);
		assertThat(app.header("Content-Type")).startsWith("text/html");
		assertThat(app.body()).isEqualTo("<!doctype html><title>Welcome</title><h1>Welcome to EXP</h1>");
	}

	@Test
	void indexHtmlOfSomethingThatIsNotAnAppIsA404() {
		assertThat(raw.send("GET", "/api/delivery/images/logo.png/index.html?_rt=" + joe).status()).isEqualTo(404);
		assertThat(raw.send("GET", "/api/delivery/apps/nothing/index.html?_rt=" + joe).status()).isEqualTo(404);
		assertThat(raw.send("GET", "/api/delivery/index.html?_rt=" + joe).status()).isEqualTo(404);
	}

	@Test
	void anotherOrganizationsAppIsA404() {
		assertThat(raw.send("GET", WELCOME_APP + "?_rt=" + ann).status()).isEqualTo(404);
	}

	@Test
	void anAppNeedsAToken() {
		assertThat(raw.send("GET", WELCOME_APP).status()).isEqualTo(401);
	}

}
