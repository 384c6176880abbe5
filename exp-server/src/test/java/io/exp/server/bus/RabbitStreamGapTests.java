package io.exp.server.bus;

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

	RabbitStreamGapTests() {
		super(RabbitStream.keeping("exp.test.gap.", MAX_BYTES, SEGMENT_BYTES), 300);
	}

}
