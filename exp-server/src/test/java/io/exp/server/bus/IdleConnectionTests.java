package io.exp.server.bus;

import java.io.IOException;
import java.time.Duration;

import io.exp.server.ExpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection that sends half a frame and then nothing is closed after the heartbeat
 * timeout, instead of holding a connection and its buffers for ever.
 */
class IdleConnectionTests {

	private static ExpServer server;

	@BeforeAll
	static void start() {
		server = ExpServer.builder().property("exp.server.bus.heartbeat", "1s").start();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void aConnectionThatSendsHalfAFrameAndThenNothingIsClosed() throws IOException {
		try (RawStompSocket silent = RawStompSocket.open(server.getPort(), 0)) {
			silent.send("CONNECT\naccept-version:1.2\nAuthoriz");
			long start = System.nanoTime();
			assertThat(silent.readUntilClosed()).isEmpty();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
		}
	}

}
