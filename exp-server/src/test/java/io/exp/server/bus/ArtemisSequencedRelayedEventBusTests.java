package io.exp.server.bus;

import java.util.List;
import java.util.Map;

/**
 * The relay over ActiveMQ Artemis with the nodes sharing their broadcasts through a
 * sequencer ({@code exp.server.bus.history.sequencer}): everything the relay does holds,
 * and a node that stopped following a channel still replays what was sent on it
 * meanwhile.
 */
class ArtemisSequencedRelayedEventBusTests extends ArtemisRelayedEventBusTests {

	@Override
	protected Map<String, Object> relayProperties() {
		return Map.of("exp.server.bus.history.stream", EmbeddedArtemis.SHARED_BROADCASTS,
				"exp.server.bus.history.sequencer", true);
	}

	@Override
	protected void resumedAfterTheNodeStoppedFollowing(StompFrame first) {
		// n 21 takes two broker hops (through the sequencer) and may reach node B after
		// the resume, which then gets it live right after the (empty) replay
		theBroadcastSentMeanwhileComesFirst(first);
	}

	@Override
	protected void afterTheCut(List<StompFrame> live, List<StompFrame> resumed) {
		// the node reads on from where it stopped
		everyTickSentDuringTheCutComesInOrder(live, resumed);
	}

}
