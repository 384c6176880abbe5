package io.exp.server.bus;

import java.util.Map;

import io.exp.server.ExpServer;
import io.exp.server.auth.TokenService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that keeps no broadcast history ({@code exp.server.bus.history.enabled=false})
 * numbers nothing and tells every resuming subscriber that broadcasts may be missing.
 */
class BroadcastResumeWithoutHistoryTests {

	private static ExpServer server;

	@BeforeAll
	static void start() {
		server = ExpServer.builder().property("exp.server.bus.history.enabled", false).start();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void aResumingSubscriberIsToldBroadcastsMayBeMissingThenGetsLiveOnesWithoutSerials() throws Exception {
		String channel = EventBusTests.channel("exp", "no-history", false, false);
		String token = server.getBean(TokenService.class).issue(EventBusTests.DEVICE_1);
		try (RawStompSocket listener = RawStompSocket.connect(server.getPort(), token)) {
			listener.send("SUBSCRIBE", Map.of("id", "0", "destination", "/topic/channel." + channel,
					Serial.RESUME_HEADER, "abc.5", "receipt", "r"), "");
			StompFrame discontinuity = StompFrame.parse(listener.read());
			assertThat(discontinuity.header(DiscontinuityFrames.DISCONTINUITY)).isEqualTo("true");
			assertThat(discontinuity.header(DiscontinuityFrames.OLDEST)).isNull();
			assertThat(StompFrame.parse(listener.read()).command()).isEqualTo("RECEIPT");
			listener.send("SEND", Map.of("destination", "/app/broadcast"),
					"{\"channel\":\"" + channel + "\",\"name\":\"tick\",\"payload\":{\"n\":1}}");
			StompFrame live = StompFrame.parse(listener.read());
			assertThat(live.body()).contains("\"n\":1}");
			assertThat(live.header(Serial.HEADER)).isNull();
		}
	}

}
