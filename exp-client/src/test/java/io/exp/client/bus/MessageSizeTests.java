package io.exp.client.bus;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.exp.server.ExpServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * {@code maxMessageSize} means what it says, sending and receiving: no silent doubling.
 */
class MessageSizeTests {

	@Test
	void aMessageOfExactlyTheLimitIsSentAndOneByteMoreIsRefused() {
		Envelopes envelopes = new Envelopes(JsonMapper.builder().build(), 200);
		int empty = envelopes.encode(Envelopes.envelope("id", "channel", "big", "")).length;
		String fits = "x".repeat(200 - empty);
		assertThat(envelopes.encode(Envelopes.envelope("id", "channel", "big", fits))).hasSize(200);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> envelopes.encode(Envelopes.envelope("id", "channel", "big", fits + "x")))
			.withMessageContaining("201 bytes, over the event bus limit of 200 bytes");
	}

	@Test
	void aReceivedFrameMayHoldTheLargestMessageAndItsHeadersButNotTwiceTheLimit() {
		ExpEventBusSettings settings = ExpEventBusSettings.builder().maxMessageSize(DataSize.ofKilobytes(32)).build();
		assertThat(BusRuntime.frameLimit(settings)).isEqualTo(32 * 1024 + BusRuntime.FRAME_HEADERS)
			.isLessThan(2 * 32 * 1024);
	}

	@Test
	void aBusReceivesMessagesUpToItsLimitAndNotMessagesBetweenItsLimitAndTwiceIt() throws Exception {
		try (ExpServer server = ExpServer.builder().property("exp.server.bus.max-message-size", 256 * 1024).start()) {
			ExpEventBus sender = Buses.bus(server, Buses.JOE,
					Buses.settings(Duration.ofSeconds(10))
						.toBuilder()
						.maxMessageSize(DataSize.ofKilobytes(128))
						.build());
			ExpEventBus receiver = Buses.bus(server, Buses.LOBBY_DISPLAY);
			List<Boolean> transitions = new CopyOnWriteArrayList<>();
			receiver.onConnectionChange((event) -> transitions.add(event.isOnline()));
			sender.start();
			receiver.start();
			try {
				BlockingQueue<Integer> received = new LinkedBlockingQueue<>();
				receiver.organization().listen("big", String.class, (payload) -> received.add(payload.length()));
				sender.organization().broadcast("big", "x".repeat(30_000));
				assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(30_000);
				sender.organization().broadcast("big", "x".repeat(40_000));
				assertThat(received.poll(3, TimeUnit.SECONDS)).isNull();
				await().atMost(Duration.ofSeconds(20)).until(receiver::isConnected);
				sender.organization().broadcast("big", "x".repeat(10));
				assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(10);
				assertThat(transitions).startsWith(true, false, true);
			}
			finally {
				sender.stop();
				receiver.stop();
			}
		}
	}

}
