package io.exp.server.socketio;

import java.time.Duration;

import io.exp.server.ExpServer;
import io.exp.server.auth.TokenService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that shuts down gracefully while long-polling clients wait for their polls'
 * answers.
 */
class SocketIoShutdownTests {

	@Test
	void aGracefulShutdownClosesTheWaitingPollsInsteadOfWaitingForThem() throws Exception {
		ExpServer server = ExpServer.builder().property("exp.server.socketio.enabled", true).start();
		try (PollingSocketIoClient client = PollingSocketIoClient.connect(server.getPort(),
				server.getBean(TokenService.class).issue(SocketIoLimitsTests.DEVICE_1))) {
			assertThat(client.next("connect", 10)).isNotNull();
			long start = System.nanoTime();
			server.close();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("shutdown").isLessThan(Duration.ofSeconds(10));
			assertThat(client.next("transport.closed", 10)).as("told it is closed").isNotNull();
		}
	}

}
