package io.exp.server.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.exp.server.ExpServer;
import io.exp.server.RawHttp;
import io.exp.server.RawHttp.Answer;
import io.exp.server.ServerClient;
import io.exp.server.fixture.DefaultFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery and layout URLs as the EXP JavaScript SDK builds them:
 * {@code host + "/api/delivery" + path} and {@code /api/locations/{uuid}/layout}, without
 * {@code ?_rt=}, fetched with the bearer token or loaded by a browser with the
 * restricted-token cookie.
 */
class DownloadAuthenticationTests {

	private static final String LOGO = "/api/delivery/images/logo.png";

	private static final String LAYOUT = "/api/locations/" + DefaultFixture.LOCATION_1 + "/layout";

	private static final String NEW_DEVICE = "d9000000-0000-4000-8000-000000000002";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static ExpServer server;

	private static RawHttp raw;

	@BeforeAll
	static void start() {
		server = ExpServer.builder()
			.property("exp.server.pairing.enabled", true)
			.property("exp.server.pairing.max-logins-per-address", 100)
			.start();
		raw = new RawHttp(server.getPort());
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void deliveryAndLayoutAcceptTheBearerToken() {
		String token = login(server).payload().get("token").asString();
		assertThat(raw.send("GET", LOGO, "Authorization: Bearer " + token).status()).isEqualTo(200);
		Answer thumb = raw.send("GET", LOGO + "?variant=thumb", "Authorization: Bearer " + token);
		assertThat(thumb.status()).isEqualTo(200);
		assertThat(thumb.body()).contains("width=\"16\"");
		assertThat(raw.send("GET", LAYOUT, "Authorization: Bearer " + token).status()).isEqualTo(200);
	}

	@Test
	void loginSetsTheRestrictedTokenAsAnHttpOnlyLaxCookieForDeliveryAndLocationsOnly() {
		Login login = login(server);
		String restricted = login.payload().get("restrictedToken").asString();
		assertThat(login.cookies()).hasSize(2)
			.allSatisfy((cookie) -> assertThat(cookie).startsWith("exp_rt=" + restricted + ";")
				.contains("; HttpOnly", "; SameSite=Lax", "; Max-Age=3600")
				.doesNotContain("Secure"))
			.anySatisfy((cookie) -> assertThat(cookie).contains("; Path=/api/delivery;"))
			.anySatisfy((cookie) -> assertThat(cookie).contains("; Path=/api/locations;"));
	}

	@Test
	void tokenRefreshSetsTheCookieAgain() throws Exception {
		String token = login(server).payload().get("token").asString();
		HttpResponse<String> refreshed = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(server.getUrl() + "/api/auth/token"))
				.header("Authorization", "Bearer " + token)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		String restricted = json.readTree(refreshed.body()).get("restrictedToken").asString();
		assertThat(refreshed.headers().allValues("set-cookie")).hasSize(2)
			.allSatisfy((cookie) -> assertThat(cookie).startsWith("exp_rt=" + restricted + ";"));
	}

	@Test
	void cookieIsSecureWhenThePublicUrlIsHttps() {
		try (ExpServer secure = ExpServer.builder()
			.property("exp.server.public-url", "https://exp.example.com")
			.start()) {
			assertThat(login(secure).cookies()).hasSize(2)
				.allSatisfy((cookie) -> assertThat(cookie).contains("; Secure"));
		}
	}

	@Test
	void theCookieAuthorizesDeliveryVariantsAndLayoutsButNothingElse() {
		String cookie = "Cookie: exp_rt=" + login(server).payload().get("restrictedToken").asString();
		assertThat(raw.send("GET", LOGO, cookie).status()).isEqualTo(200);
		assertThat(raw.send("HEAD", LOGO, cookie).status()).isEqualTo(200);
		assertThat(raw.send("GET", LOGO + "?variant=thumb", cookie).body()).contains("width=\"16\"");
		assertThat(raw.send("GET", LAYOUT, cookie).status()).isEqualTo(200);
		assertThat(raw.send("GET", "/api/locations/" + DefaultFixture.LOCATION_1, cookie).status()).isEqualTo(401);
		assertThat(raw.send("GET", "/api/content", cookie).status()).isEqualTo(401);
		assertThat(raw.send("POST", "/api/auth/token", cookie).status()).isEqualTo(401);
	}

	@Test
	void theRestrictedTokenStillWorksAsRtAndNoTokenIsA401() {
		String restricted = login(server).payload().get("restrictedToken").asString();
		assertThat(raw.send("GET", LOGO + "?_rt=" + restricted).status()).isEqualTo(200);
		assertThat(raw.send("GET", LAYOUT + "?_rt=" + restricted).status()).isEqualTo(200);
		Answer none = raw.send("GET", LOGO);
		assertThat(none.status()).isEqualTo(401);
		assertThat(none.json().get("code").asString()).isEqualTo("auth.invalidToken");
		assertThat(raw.send("GET", LAYOUT).status()).isEqualTo(401);
	}

	@Test
	void aTokenGivenButNotValidIsRefusedEvenWithAGoodCookie() {
		String cookie = "Cookie: exp_rt=" + login(server).payload().get("restrictedToken").asString();
		assertThat(raw.send("GET", LOGO, cookie, "Authorization: Bearer forged").status()).isEqualTo(401);
		assertThat(raw.send("GET", LAYOUT + "?_rt=forged", cookie).status()).isEqualTo(401);
		assertThat(raw.send("GET", LOGO, "Cookie: exp_rt=forged").status()).isEqualTo(401);
	}

	@Test
	void aPairingIdentityIsForbiddenDownloadsWithEveryKindOfToken() {
		String pairing = LoginJwts.sign(NEW_DEVICE, "device", "a-new-device-secret-0123456789abcdef",
				Map.of("allowPairing", true));
		Login login = login(server, Map.of("token", pairing));
		String token = login.payload().get("token").asString();
		String restricted = login.payload().get("restrictedToken").asString();
		assertThat(raw.send("GET", LOGO, "Authorization: Bearer " + token).status()).isEqualTo(403);
		assertThat(raw.send("GET", LOGO, "Cookie: exp_rt=" + restricted).status()).isEqualTo(403);
		assertThat(raw.send("GET", LAYOUT, "Cookie: exp_rt=" + restricted).status()).isEqualTo(403);
		assertThat(raw.send("GET", LAYOUT + "?_rt=" + restricted).status()).isEqualTo(403);
	}

	private static Login login(ExpServer target) {
		return login(target,
				Map.of("username", DefaultFixture.JOE, "password", DefaultFixture.JOE_PASSWORD, "organization", "exp"));
	}

	private static Login login(ExpServer target, Map<String, Object> credentials) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(target.getUrl() + "/api/auth/login"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(ServerClient.json(credentials)))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return new Login(json.readTree(response.body()), response.headers().allValues("set-cookie"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Login(JsonNode payload, List<String> cookies) {
	}

}
