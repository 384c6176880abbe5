package io.exp.server.bus;

import java.util.ArrayList;
import java.util.List;

import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that shuts down while many event bus sessions are open closes them all before
 * its message broker stops: before, the sessions closing on the close executor raced the
 * broker's stop, which removes an interceptor from the inbound channel, and each loser
 * logged a stack trace ("Unhandled exception after connection closed",
 * {@code IndexOutOfBoundsException}).
 */
@ExtendWith(OutputCaptureExtension.class)
class EventBusShutdownTests {

	private static final int SESSIONS = 4000;

	@Test
	void aNodeStoppingWithFourThousandOpenSessionsClosesThemAllBeforeItsBrokerStopsWithoutAStackTrace(
			CapturedOutput output) throws Exception {
		List<RawStompSocket> sockets = new ArrayList<>();
		try (ExpServer server = ExpServer.builder().start()) {
			TokenService tokens = server.getBean(TokenService.class);
			for (int i = 0; i < SESSIONS; i++) {
				sockets.add(RawStompSocket.connect(server.getPort(),
						tokens.issue(new Identity("shutdown-" + i, "device", "exp", null))));
			}
		}
		finally {
			for (RawStompSocket socket : sockets) {
				socket.close();
			}
		}
		assertThat(output).doesNotContain("Unhandled exception after connection closed")
			.doesNotContain("IndexOutOfBoundsException");
	}

}
