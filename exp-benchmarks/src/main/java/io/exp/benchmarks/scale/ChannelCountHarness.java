package io.exp.benchmarks.scale;

import java.util.Map;

import io.exp.benchmarks.PlainStomp;
import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.ChannelId;

import org.springframework.messaging.simp.stomp.StompSession;

/**
 * What a client that broadcasts once on each of many new channel names leaves in a node's
 * heap once the broadcasts themselves expired: the channels' serial counters, which
 * {@code exp.server.bus.history.max-channels} bounds. A node in this JVM with a history
 * max age of 1 s; the heap is measured after collection before the broadcasts and 8 s
 * after the last.
 * <p>
 * {@code exp-benchmarks/run io.exp.benchmarks.scale.ChannelCountHarness [channels] [max-channels]}
 */
public final class ChannelCountHarness {

	private ChannelCountHarness() {
	}

	public static void main(String[] args) throws Exception {
		int channels = (args.length > 0) ? Integer.parseInt(args[0]) : 200_000;
		String maxChannels = (args.length > 1) ? args[1] : "100000";
		ExpServer server = ExpServer.builder()
			.property("exp.server.bus.history.max-age", "1s")
			.property("exp.server.bus.history.max-channels", maxChannels)
			.property("logging.level.root", "warn")
			.start();
		StompSession client = new PlainStomp().connect("ws://localhost:" + server.getPort() + "/eventbus",
				server.getBean(TokenService.class).issue(new Identity("joe", "user", "exp", "joe")));
		long before = HarnessNodes.usedHeap();
		for (int n = 0; n < channels; n++) {
			client.send("/app/broadcast", Map.of("channel",
					new ChannelId("exp", "throwaway-" + n, false, false).encode(), "name", "once", "payload", n));
			if (n % 1000 == 999) {
				Thread.sleep(5); // within the node's send buffer for this client
			}
		}
		Thread.sleep(8_000);
		long after = HarnessNodes.usedHeap();
		System.out.printf(
				"max-channels %s, %,d channels broadcast on once: heap after GC %,d KB -> %,d KB "
						+ "(%,d bytes per channel)%n",
				maxChannels, channels, before / 1024, after / 1024, (after - before) / channels);
		System.exit(0);
	}

}
