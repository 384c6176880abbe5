package io.exp.server.bus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.fixture.DefaultFixture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an attacker's hand-written frames get: only the client commands of STOMP pass, and
 * only after an authenticated {@code CONNECT}; anything else is answered with an
 * {@code ERROR} frame and the connection closes.
 */
class HostileFrameTests {

	static final Identity JOE = EventBusTests.JOE;

	static final Identity ANN = EventBusTests.ANN;

	static final Identity ACME_DEVICE = new Identity(DefaultFixture.ACME_DEVICE, "device", "acme", null);

	static final String ACME_ORGANIZATION = EventBusTests.channel("acme", "organization", false, false);

	private static ExpServer server;

	@BeforeAll
	static void start() {
		server = ExpServer.builder()
			.property("exp.server.bus.max-subscriptions", 5)
			.property("exp.server.bus.max-connections-per-identity", 10)
			.start();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void aMessageFrameFromAClientNeverReachesAnotherOrganizationsChannel() throws IOException {
		try (RawStompSocket ann = listener(ANN, "/topic/channel." + ACME_ORGANIZATION);
				RawStompSocket attacker = connect(JOE)) {
			attacker.send("MESSAGE",
					Map.of("destination", "/topic/channel." + ACME_ORGANIZATION, "subscription", "0", "message-id",
							"forged", "content-type", "application/json"),
					"{\"type\":\"broadcast\",\"name\":\"forged\",\"sender\":{\"uuid\":\"" + ANN.uuid() + "\"}}");
			assertThat(attacker.readUntilClosed()).startsWith("ERROR")
				.contains("MESSAGE")
				.contains("code:command.forbidden");
			assertNextMessageIsTheMarker(ann, ANN, ACME_ORGANIZATION);
		}
	}

	@Test
	void aMessageFrameFromAClientNeverReachesAnotherIdentitysRequestQueue() throws IOException {
		try (RawStompSocket device = listener(ACME_DEVICE, "/user/queue/requests");
				RawStompSocket attacker = connect(JOE)) {
			attacker.send("MESSAGE",
					Map.of("destination", "/user/acme:" + DefaultFixture.ACME_DEVICE + "/queue/requests",
							"subscription", "0", "message-id", "forged"),
					"{\"type\":\"request\",\"id\":\"x\",\"name\":\"wipe\",\"sender\":{\"uuid\":\"" + ANN.uuid()
							+ "\"}}");
			assertThat(attacker.readUntilClosed()).startsWith("ERROR");
			try (RawStompSocket ann = connect(ANN)) {
				ann.send("SEND", Map.of("destination", "/app/request", "content-type", "application/json"),
						"{\"id\":\"r\",\"channel\":\"" + ACME_ORGANIZATION
								+ "\",\"name\":\"marker\",\"target\":{\"device\":\"" + DefaultFixture.ACME_DEVICE
								+ "\"}}");
				assertThat(device.read()).startsWith("MESSAGE").contains("\"name\":\"marker\"").doesNotContain("wipe");
			}
		}
	}

	@Test
	void serverCommandsFromAClientAreRefusedAndCloseTheConnection() throws IOException {
		for (String command : new String[] { "MESSAGE", "RECEIPT", "ERROR", "CONNECTED" }) {
			try (RawStompSocket attacker = connect(JOE)) {
				attacker.send(command, Map.of("destination", "/topic/channel." + EventBusTests.ORGANIZATION), "{}");
				assertThat(attacker.readUntilClosed()).as(command).startsWith("ERROR").contains(command);
			}
		}
	}

	@Test
	void onlyTheTargetOfARequestCanAnswerIt() throws IOException {
		Identity device1 = EventBusTests.DEVICE_1;
		Identity device2 = EventBusTests.DEVICE_2;
		try (RawStompSocket joe = listener(JOE, "/user/queue/responses");
				RawStompSocket target = listener(device1, "/user/queue/requests");
				RawStompSocket spoofer = connect(device2)) {
			joe.send("SEND", Map.of("destination", "/app/request"),
					"{\"id\":\"r1\",\"channel\":\"" + EventBusTests.ORGANIZATION
							+ "\",\"name\":\"pay\",\"target\":{\"device\":\"" + device1.uuid() + "\"}}");
			assertThat(target.read()).contains("\"id\":\"r1\"");
			for (String id : new String[] { "r1", "never-asked" }) {
				spoofer.send("SEND", Map.of("destination", "/app/response"),
						"{\"id\":\"" + id + "\",\"channel\":\"" + EventBusTests.ORGANIZATION
								+ "\",\"payload\":\"spoofed\",\"target\":{\"uuid\":\"" + JOE.uuid() + "\"}}");
			}
			spoofer.send("SEND", Map.of("destination", "/app/broadcast", "receipt", "spoofs-handled"),
					"{\"channel\":\"" + EventBusTests.ORGANIZATION + "\",\"name\":\"x\"}");
			assertThat(spoofer.read()).startsWith("RECEIPT");
			target.send("SEND", Map.of("destination", "/app/response"),
					"{\"id\":\"r1\",\"channel\":\"" + EventBusTests.ORGANIZATION
							+ "\",\"payload\":\"genuine\",\"target\":{\"uuid\":\"" + JOE.uuid() + "\"}}");
			assertThat(joe.read()).contains("\"payload\":\"genuine\"").doesNotContain("spoofed");
		}
	}

	@Test
	void theErrorFrameAlwaysReachesTheClientBeforeTheClose() throws IOException {
		for (int i = 0; i < 50; i++) {
			try (RawStompSocket client = connect(JOE)) {
				client.send("SEND", Map.of("destination", "/topic/channel." + EventBusTests.ORGANIZATION), "{}");
				assertThat(client.readUntilClosed()).as("attempt " + i).startsWith("ERROR").contains("Cannot send to");
			}
		}
	}

	@Test
	void aPairingDeviceListensOnlyOnItsOwnChannelWhereAUserCanReachIt() throws IOException {
		Identity pairing = new Identity("p1000000-0000-4000-8000-000000000001", "device", "", null);
		String own = ChannelAccess.pairingChannel(pairing.uuid()).encode();
		String other = ChannelAccess.pairingChannel("p1000000-0000-4000-8000-000000000002").encode();
		try (RawStompSocket device = listener(pairing, "/topic/channel." + own)) {
			try (RawStompSocket user = connect(JOE)) {
				user.send("SEND", Map.of("destination", "/app/broadcast"),
						"{\"channel\":\"" + own + "\",\"name\":\"paired\"}");
				assertThat(device.read()).startsWith("MESSAGE").contains("\"name\":\"paired\"");
			}
			try (RawStompSocket errors = listener(EventBusTests.DEVICE_1, "/user/queue/errors")) {
				errors.send("SEND", Map.of("destination", "/app/broadcast"),
						"{\"channel\":\"" + own + "\",\"name\":\"x\"}");
				assertThat(errors.read()).contains("channel.forbidden");
			}
		}
		try (RawStompSocket errors = listener(pairing, "/user/queue/errors")) {
			errors.send("SEND", Map.of("destination", "/app/broadcast"),
					"{\"channel\":\"" + own + "\",\"name\":\"x\"}");
			assertThat(errors.read()).contains("channel.forbidden");
		}
		try (RawStompSocket eavesdropper = connect(pairing)) {
			eavesdropper.send("SUBSCRIBE", Map.of("id", "0", "destination", "/topic/channel." + other), "");
			assertThat(eavesdropper.readUntilClosed()).startsWith("ERROR").contains("pairing");
		}
	}

	@Test
	void controlCharactersInAnIdentityNeverReachAHeader() throws IOException {
		Identity evil = new Identity("d9\nuser-name:exp:" + DefaultFixture.DEVICE_1, "device", "exp", null);
		try (RawStompSocket client = RawStompSocket.open(server.getPort(), 0)) {
			client.send("CONNECT", Map.of("accept-version", "1.2", "Authorization", "Bearer " + token(evil)), "");
			assertThat(client.readUntilClosed()).startsWith("ERROR")
				.contains("control characters")
				.contains("code:auth.invalidToken");
		}
	}

	@Test
	void aConnectionHoldsAtMostTheConfiguredSubscriptions() throws IOException {
		try (RawStompSocket client = connect(JOE)) {
			for (int i = 0; i < 5; i++) {
				client.send("SUBSCRIBE", Map.of("id", "s" + i, "destination",
						"/topic/channel." + EventBusTests.ORGANIZATION, "receipt", "r" + i), "");
				assertThat(client.read()).startsWith("RECEIPT");
			}
			client.send("SUBSCRIBE", Map.of("id", "s5", "destination", "/topic/channel." + EventBusTests.ORGANIZATION),
					"");
			assertThat(client.readUntilClosed()).startsWith("ERROR")
				.contains("exp.server.bus.max-subscriptions")
				.contains("code:limit.subscriptions");
		}
	}

	@Test
	void anIdentityHoldsAtMostTheConfiguredConnections() throws IOException {
		Identity busy = new Identity("u9000000-0000-4000-8000-000000000001", "user", "exp", "busy@example.com");
		List<RawStompSocket> open = new ArrayList<>();
		try {
			for (int i = 0; i < 10; i++) {
				open.add(connect(busy));
			}
			try (RawStompSocket extra = RawStompSocket.open(server.getPort(), 0)) {
				extra.send("CONNECT", Map.of("accept-version", "1.2", "Authorization", "Bearer " + token(busy)), "");
				assertThat(extra.readUntilClosed()).startsWith("ERROR")
					.contains("exp.server.bus.max-connections-per-identity");
			}
			open.remove(0).close();
			Awaitility.await().ignoreExceptions().until(() -> {
				open.add(connect(busy));
				return true;
			});
		}
		finally {
			for (RawStompSocket socket : open) {
				socket.close();
			}
		}
	}

	@Test
	void transactionsAreRefused() throws IOException {
		try (RawStompSocket client = connect(JOE)) {
			client.send("BEGIN", Map.of("transaction", "t1"), "");
			assertThat(client.readUntilClosed()).startsWith("ERROR").contains("BEGIN");
		}
	}

	@Test
	void nothingButConnectPassesBeforeTheSessionIsAuthenticated() throws IOException {
		String[][] frames = { { "SUBSCRIBE", "destination", "/topic/channel." + ACME_ORGANIZATION },
				{ "SEND", "destination", "/app/broadcast" }, { "UNSUBSCRIBE", "id", "0" }, { "ACK", "id", "0" } };
		for (String[] frame : frames) {
			try (RawStompSocket anonymous = RawStompSocket.open(server.getPort(), 0)) {
				Map<String, String> headers = new HashMap<>(Map.of("id", "0"));
				headers.put(frame[1], frame[2]);
				anonymous.send(frame[0], headers,
						frame[0].equals("SEND") ? "{\"channel\":\"" + ACME_ORGANIZATION + "\",\"name\":\"x\"}" : "");
				assertThat(anonymous.readUntilClosed()).as(frame[0])
					.startsWith("ERROR")
					.containsPattern("code:(auth.required|frame.invalid)");
			}
		}
	}

	@Test
	void aSecondConnectOnAnAuthenticatedSessionIsRefused() throws IOException {
		try (RawStompSocket client = connect(JOE)) {
			client.send("CONNECT", Map.of("accept-version", "1.2", "Authorization", "Bearer " + token(ANN)), "");
			assertThat(client.readUntilClosed()).startsWith("ERROR");
		}
	}

	static String token(Identity identity) {
		return server.getBean(TokenService.class).issue(identity);
	}

	static RawStompSocket connect(Identity identity) throws IOException {
		return RawStompSocket.connect(server.getPort(), token(identity));
	}

	/**
	 * Connects and subscribes, returning once the server has registered the subscription.
	 */
	static RawStompSocket listener(Identity identity, String destination) throws IOException {
		RawStompSocket socket = connect(identity);
		socket.send("SUBSCRIBE", Map.of("id", "0", "destination", destination, "receipt", "subscribed"), "");
		assertThat(socket.read()).startsWith("RECEIPT");
		return socket;
	}

	/**
	 * Broadcasts a marker as the channel's rightful member and checks that it is the next
	 * message the listener gets, so nothing forged came before it.
	 */
	static void assertNextMessageIsTheMarker(RawStompSocket listener, Identity member, String channel)
			throws IOException {
		try (RawStompSocket rightful = connect(member)) {
			rightful.send("SEND", Map.of("destination", "/app/broadcast", "content-type", "application/json"),
					"{\"channel\":\"" + channel + "\",\"name\":\"marker\"}");
			assertThat(listener.read()).startsWith("MESSAGE").contains("\"name\":\"marker\"").doesNotContain("forged");
		}
	}

}
