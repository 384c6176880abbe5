package io.exp.server.socketio;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.ChannelId;
import io.exp.server.bus.StompTestClient;
import io.exp.server.bus.StompTestClient.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.exp.server.socketio.SocketIoLimitsTests.flood;
import static io.exp.server.socketio.SocketIoLimitsTests.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * socket.io clients that never read their socket, written from the attacker's side on a
 * socket with a tiny receive buffer, long-polling or on a WebSocket: what waits for them
 * holds up no thread that publishes, stays within
 * {@code exp.server.bus.send-buffer-size-limit}, and is given back once they go away.
 */
class SlowSocketIoReaderTests {

	private static final Identity DEVICE_1 = SocketIoLimitsTests.DEVICE_1;

	private static final Identity JOE = SocketIoBridgeTests.JOE;

	private static final int MESSAGE = 256 * 1024;

	private static final int SEND_BUFFER = 48 * MESSAGE;

	private static ExpServer server;

	private static StompTestClient stomp;

	@BeforeAll
	static void start() {
		server = ExpServer.builder()
			.property("exp.server.socketio.enabled", true)
			.property("exp.server.bus.max-message-size", MESSAGE)
			.property("exp.server.bus.send-buffer-size-limit", SEND_BUFFER)
			.start();
		stomp = new StompTestClient(server.getPort());
	}

	@AfterAll
	static void stop() {
		stomp.close();
		server.close();
	}

	@Test
	void aPollerThatNeverReadsItsAnswerHoldsUpNoPublisherAndIsClosedOnceMoreThanTheSendBufferWaits() throws Exception {
		ChannelId channel = new ChannelId("exp", "unread", false, false);
		SocketIoBridge bridge = server.getBean(SocketIoBridge.class);
		PollAnswers answers = server.getBean(PollAnswers.class);
		try (PollingSocketIoClient stalled = connect(DEVICE_1);
				PollingSocketIoClient live = connect(JOE);
				Connection flooder = stomp.connect(token(JOE));
				Socket unread = new Socket()) {
			subscribe(stalled, channel);
			subscribe(live, channel);
			// its last poll is answered; it polls next on a socket that it never reads
			stalled.stopPolling();
			stalled.emit("subscribe", List.of());
			assertThat(stalled.next("subscribed", 10)).isNotNull();
			// 6 MB wait for it: more than a socket's buffers hold (at most 4 MB on
			// Linux),
			// so writing them waits for the client to read
			flood(flooder, channel, 24, 250_000, live);
			unread.setReceiveBufferSize(1024);
			unread.connect(new InetSocketAddress("127.0.0.1", server.getPort()), 5000);
			unread.getOutputStream()
				.write(("GET " + stalled.pollTarget() + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			// they are its answer, and more than the rest of its send buffer follows
			flood(flooder, channel, 30, 250_000, live);
			await().untilAsserted(() -> assertThat(bridge.connectionCount(DEVICE_1)).isZero());
			assertThat(bridge.listenerCount(channel.encode())).isOne();
			assertThat(answers.unsent(stalled.sid())).as("bytes of its answer not sent").isPositive();
			unread.close();
			await().untilAsserted(() -> assertThat(answers.unsent(stalled.sid())).isZero());
		}
	}

	@Test
	void aWebSocketClientThatNeverReadsHoldsUpNoPublisherAndIsClosedOnceMoreThanTheSendBufferWaits() throws Exception {
		ChannelId channel = new ChannelId("exp", "unread-websocket", false, false);
		SocketIoBridge bridge = server.getBean(SocketIoBridge.class);
		try (PollingSocketIoClient live = connect(JOE);
				Connection flooder = stomp.connect(token(JOE));
				Socket unread = new Socket()) {
			subscribe(live, channel);
			unread.setReceiveBufferSize(1024);
			unread.connect(new InetSocketAddress("127.0.0.1", server.getPort()), 5000);
			OutputStream out = unread.getOutputStream();
			out.write(("GET /socket.io/?EIO=3&transport=websocket&token=" + token(DEVICE_1)
					+ " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
					+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			// one masked text frame (a zero mask leaves the payload as it is)
			byte[] subscribe = ("42[\"subscribe\",[\"" + SocketIoBridgeTests.sdkId(channel) + "\"]]")
				.getBytes(StandardCharsets.UTF_8);
			out.write(new byte[] { (byte) 0x81, (byte) (0x80 | subscribe.length), 0, 0, 0, 0 });
			out.write(subscribe);
			await().untilAsserted(() -> assertThat(bridge.listenerCount(channel.encode())).isEqualTo(2));
			flood(flooder, channel, 80, 250_000, live);
			await().untilAsserted(() -> assertThat(bridge.connectionCount(DEVICE_1)).isZero());
			assertThat(bridge.listenerCount(channel.encode())).isOne();
		}
	}

	private static PollingSocketIoClient connect(Identity identity) throws Exception {
		return PollingSocketIoClient.connect(server.getPort(), token(identity));
	}

	private static String token(Identity identity) {
		return server.getBean(TokenService.class).issue(identity);
	}

}
