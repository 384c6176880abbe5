package io.exp.server.socketio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.exp.server.ExpServer;
import io.exp.server.Fixtures;
import io.exp.server.RawHttp;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.socketio.PollingSocketIoClient.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What one socket.io client may hold: connections per identity and the size of what it posts.
 */
class SocketIoLimitsTests {

	static final Identity DEVICE_1 = new Identity(Fixtures.DEVICE_1, "device", "exp", null);

	private static ExpServer server;

	@BeforeAll
	static void start() {
		server = ExpServer.builder()
			.property("exp.server.socketio.enabled", true)
			.property("exp.server.bus.max-connections-per-identity", 2)
			.property("exp.server.bus.max-message-size", 1024)
			.start();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void socketIoIsServedOnlyWhenEnabled() {
		try (ExpServer byDefault = ExpServer.builder().start()) {
			String token = byDefault.getBean(TokenService.class).issue(DEVICE_1);
			RawHttp http = new RawHttp(byDefault.getPort());
			assertThat(http.send("GET", "/socket.io/?EIO=3&transport=polling&token=" + token).status()).isEqualTo(404);
			assertThat(http.sendWithBody("POST", "/api/networks/current/broadcasts", "{}", "Authorization: Bearer " + token)
				.status()).isEqualTo(404);
		}
	}

	@Test
	void aMalformedPollingQueryIsA400() {
		String token = server.getBean(TokenService.class).issue(DEVICE_1);
		assertThat(new RawHttp(server.getPort())
			.send("GET", "/socket.io/?EIO=3&transport=polling&transport=polling&token=" + token)
			.status()).isEqualTo(400);
	}

	static PollingSocketIoClient connect() throws Exception {
		return PollingSocketIoClient.connect(server.getPort(), server.getBean(TokenService.class).issue(DEVICE_1));
	}

	@Test
	void aConnectionPastTheCapOfItsIdentityIsRefusedAndClosed() throws Exception {
		SocketIoBridge bridge = server.getBean(SocketIoBridge.class);
		try (PollingSocketIoClient first = connect(); PollingSocketIoClient second = connect()) {
			assertThat(first.next("connect", 10)).isNotNull();
			assertThat(second.next("connect", 10)).isNotNull();
			assertThat(bridge.connectionCount(DEVICE_1)).isEqualTo(2);
			try (PollingSocketIoClient third = connect()) {
				Event refused = third.next("refused", 10);
				assertThat(refused).as("refused").isNotNull();
				assertThat(refused.data().toString()).contains("limit.connections");
				assertThat(third.next("transport.closed", 10)).as("closed").isNotNull();
			}
			assertThat(bridge.connectionCount(DEVICE_1)).isEqualTo(2);
		}
		await().untilAsserted(() -> assertThat(bridge.connectionCount(DEVICE_1)).isZero());
		try (PollingSocketIoClient again = connect()) {
			assertThat(again.next("connect", 10)).as("room again after closing").isNotNull();
		}
	}

	@Test
	void aPollingPostLargerThanTheMessageSizeLimitIsRefused() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + server.getPort()
						+ "/socket.io/?EIO=3&transport=polling&sid=whatever"))
				.header("Content-Type", "text/plain;charset=UTF-8")
				.POST(HttpRequest.BodyPublishers.ofString("x".repeat(2048)))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(413);
	}

}
