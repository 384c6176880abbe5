package io.exp.server.bus;

import java.time.Duration;

import io.exp.server.ExpServer;
import io.exp.server.auth.TokenService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node lets go of the broadcasts its history keeps once they are older than the max
 * age, even when nothing is broadcast or resumed after them (the soak found a quiet node
 * holding its last broadcasts for good).
 */
class BroadcastHistoryExpiryTests {

	@Test
	void aQuietNodeLetsGoOfItsLastBroadcastsOnceTheyAreOlderThanTheMaxAge() throws Exception {
		String channel = EventBusTests.channel("exp", "expiry", false, false);
		try (ExpServer server = ExpServer.builder().property("exp.server.bus.history.max-age", "1s").start();
				RawStompSocket publisher = RawStompSocket.connect(server.getPort(),
						server.getBean(TokenService.class).issue(EventBusTests.JOE))) {
			InMemoryBroadcastHistory history = (InMemoryBroadcastHistory) server.getBean(BroadcastHistory.class);
			for (int n = 0; n < 10; n++) {
				TickFrames.broadcast(publisher, channel, n);
			}
			TickFrames.routed(publisher);
			assertThat(history.heldBytes()).isPositive();
			await().atMost(Duration.ofSeconds(5)).until(() -> history.heldBytes() == 0);
		}
	}

}
