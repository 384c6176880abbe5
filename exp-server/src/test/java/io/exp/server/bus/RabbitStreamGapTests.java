package io.exp.server.bus;

import java.util.Map;
import java.util.UUID;

/**
 * On a RabbitMQ stream, the retention drops whole segments: the test's stream, declared
 * by the nodes, gets a policy of its own that keeps about {@value #MAX_BYTES} bytes in
 * segments of {@value #SEGMENT_BYTES} (a few tens of broadcasts), so the broadcasts sent
 * while node B is cut off roll segments over and the oldest, which node B has not read,
 * are dropped. Node B then reads on from the first entry the stream still has.
 */
class RabbitStreamGapTests extends SharedHistoryGapTests {

	private static final int MAX_BYTES = 20_000;

	private static final int SEGMENT_BYTES = 5_000;

	private String stream;

	@Override
	protected int startBroker() throws Exception {
		int port = RabbitBroker.stompPort();
		this.stream = "exp.test.gap." + UUID.randomUUID();
		RabbitBroker.setPolicy(this.stream, "^" + this.stream.replace(".", "\\.") + "$",
				"{\"max-length-bytes\":" + MAX_BYTES + ",\"stream-max-segment-size-bytes\":" + SEGMENT_BYTES + "}");
		return port;
	}

	@Override
	protected Map<String, Object> sharingProperties() {
		return Map.of("exp.server.bus.relay.virtual-host", "/", "exp.server.bus.history.stream", this.stream);
	}

	@Override
	protected int missedTicks() {
		return 300;
	}

	@Override
	protected void stopBroker() throws Exception {
		if (this.stream != null) {
			RabbitBroker.deleteQueue(this.stream);
			RabbitBroker.clearPolicy(this.stream);
		}
	}

}
