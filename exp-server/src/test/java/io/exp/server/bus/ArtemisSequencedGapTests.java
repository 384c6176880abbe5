package io.exp.server.bus;

/**
 * On ActiveMQ Artemis with a sequencer, the address keeps {@value #KEPT} broadcasts for a
 * node that does not read ({@code retroactive-message-count}).
 */
class ArtemisSequencedGapTests extends SharedHistoryGapTests {

	private static final int KEPT = 10;

	ArtemisSequencedGapTests() {
		super(new SequencedArtemis(KEPT), 50);
	}

}
