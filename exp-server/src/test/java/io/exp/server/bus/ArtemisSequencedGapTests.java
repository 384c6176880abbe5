package io.exp.server.bus;

import java.util.Map;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * On ActiveMQ Artemis with a sequencer, the address keeps {@value #KEPT} broadcasts for a
 * node that does not read ({@code retroactive-message-count}).
 */
class ArtemisSequencedGapTests extends SharedHistoryGapTests {

	private static final int KEPT = 10;

	private EmbeddedActiveMQ artemis;

	@Override
	protected int startBroker() throws Exception {
		int port = EmbeddedArtemis.freePort();
		this.artemis = EmbeddedArtemis.start(port, KEPT);
		return port;
	}

	@Override
	protected Map<String, Object> sharingProperties() {
		return Map.of("exp.server.bus.history.stream", EmbeddedArtemis.SHARED_BROADCASTS,
				"exp.server.bus.history.sequencer", true);
	}

	@Override
	protected int missedTicks() {
		return 50;
	}

	@Override
	protected void stopBroker() throws Exception {
		if (this.artemis != null) {
			this.artemis.stop();
		}
	}

}
