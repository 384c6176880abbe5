package io.exp.server.bus;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static io.exp.server.bus.TickFrames.broadcast;
import static io.exp.server.bus.TickFrames.broadcastAndReceive;
import static io.exp.server.bus.TickFrames.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nodes that share their broadcasts on ActiveMQ Artemis, embedded from Maven artifacts,
 * through a topic one node at a time numbers ({@code exp.server.bus.history.sequencer}),
 * also when the node killed is the one that numbers, and when the broker hands the next
 * one inputs the killed one had numbered and published already.
 */
class ArtemisSequencedBroadcastsTests extends SharedBroadcastHistoryTests<SequencedArtemis> {

	ArtemisSequencedBroadcastsTests() {
		super(new SequencedArtemis(EmbeddedArtemis.KEPT_BROADCASTS));
	}

	@Test
	void aListenerWhoseNodeIsKilledWhileItNumbersTheBroadcastsResumesOnTheOtherNodeWithNothingLostAndNothingTwice()
			throws Exception {
		// node A leaves the input queue to node B, the first consumer, and comes back
		nodeA().stop();
		await().atMost(Duration.ofSeconds(10)).until(() -> broker().inputConsumers() == 0);
		try (NodeProcess nodeB = startNodeProcess()) {
			await().atMost(Duration.ofSeconds(30)).until(() -> broker().inputConsumers() == 1);
			assertThat(broker().inputQueue().isExclusive()).as("the input queue gives one consumer at a time").isTrue();
			nodeA().start();
			await().atMost(Duration.ofSeconds(30)).until(() -> broker().inputConsumers() == 2);
			listenerOnNodeBResumesOnNodeAAfterNodeBIsKilledMidStream(nodeB);
		}
	}

	@Test
	void inputsTheKilledSequencerPublishedButNeverAcknowledgedAreNotNumberedAgainByTheNext() throws Exception {
		whileNodeBBehindAProxyNumbers((sequenced) -> {
			// fewer than the broker hands a consumer before it acknowledges
			sequenced.proxy().dropFromNode("ACK");
			broadcastAndReceive(sequenced.publisher(), sequenced.listener(), sequenced.channel(), 11, 15,
					sequenced.received());
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(broker().inputQueue().getDeliveringCount())
					.as("inputs node B numbered and published, never acknowledged: the ticks' (one message may hold"
							+ " several), and any marker")
					.isPositive());
			sequenced.nodeB().kill();
			await().atMost(Duration.ofSeconds(30)).until(() -> broker().inputConsumers() == 1);
			// the broker puts the inputs it takes back from node B first in the queue:
			// whatever node A numbers again comes before the ticks sent after the kill
			broadcastAndReceive(sequenced.publisher(), sequenced.listener(), sequenced.channel(), 16, 50,
					sequenced.received());
			assertThat(sequenced.received()).extracting(TickFrames::number)
				.as("each broadcast once, in order, across the sequencer's death")
				.containsExactlyElementsOf(IntStream.rangeClosed(1, 50).boxed().toList());
			assertThat(sequenced.received()).extracting((frame) -> Serial.parse(frame.header(Serial.HEADER)).number())
				.isSorted()
				.doesNotHaveDuplicates();
		});
	}

	@Test
	void inputsWhoseNumberedBroadcastsTheBrokerNeverGotAreNumberedByTheNextSequencerNotLost() throws Exception {
		whileNodeBBehindAProxyNumbers((sequenced) -> {
			killNodeBWhenTheBrokerNeverGotItsNumberedBroadcastsOfTicks11To15(sequenced);
			broadcastAndReceive(sequenced.publisher(), sequenced.listener(), sequenced.channel(), 16, 30,
					sequenced.received());
			assertThat(sequenced.received()).extracting(TickFrames::number)
				.as("each broadcast once, in order, although its first publication was lost")
				.containsExactlyElementsOf(IntStream.rangeClosed(1, 30).boxed().toList());
		});
	}

	@Test
	void anInputTheBrokerLosesWhenItsSequencerDiesIsAppendedAgainByItsNodeAndNumberedInItsPlace() throws Exception {
		try (LostInFlightInput lost = new LostInFlightInput(broker().server(),
				EmbeddedArtemis.SHARED_BROADCASTS + ".in")) {
			whileNodeBBehindAProxyNumbers((sequenced) -> {
				lost.onNextFailedConsumer();
				killNodeBWhenTheBrokerNeverGotItsNumberedBroadcastsOfTicks11To15(sequenced);
				assertThat(lost.lost()).as("inputs the broker acknowledged for node B as it died").isEqualTo(1);
				broadcastAndReceive(sequenced.publisher(), sequenced.listener(), sequenced.channel(), 16, 30,
						sequenced.received());
				assertThat(sequenced.received()).extracting(TickFrames::number)
					.as("each broadcast once, in order, although the broker lost tick 11's input")
					.containsExactlyElementsOf(IntStream.rangeClosed(1, 30).boxed().toList());
			});
		}
	}

	@Test
	void inputsThatCameWhileTheSequencerWasBusyArePublishedTogetherInOneMessageAndReadInOrder() throws Exception {
		try (BrokerTopicReader topic = new BrokerTopicReader(brokerPort(),
				"/topic/" + EmbeddedArtemis.SHARED_BROADCASTS)) {
			whileNodeBBehindAProxyNumbers((sequenced) -> {
				// the broker hands node A the five inputs at once, while it catches up as
				// the new sequencer
				killNodeBWhenTheBrokerNeverGotItsNumberedBroadcastsOfTicks11To15(sequenced);
				broadcastAndReceive(sequenced.publisher(), sequenced.listener(), sequenced.channel(), 16, 30,
						sequenced.received());
				assertThat(sequenced.received()).extracting(TickFrames::number)
					.as("each broadcast once, in order")
					.containsExactlyElementsOf(IntStream.rangeClosed(1, 30).boxed().toList());
				BrokerTopicReader.Read batch = topic.read()
					.stream()
					.filter((read) -> read.headers().containsKey(LogBatch.HEADER))
					.filter((read) -> new String(read.body(), StandardCharsets.UTF_8).contains(TickFrames.body(15)))
					.findFirst()
					.orElseThrow(() -> new AssertionError("no message on the topic holds several broadcasts"));
				List<String> numbers = LogBatch.read(batch.headers(), batch.body())
					.stream()
					.map((entry) -> entry.headers().getFirst(SequencedBroadcasts.NUMBER))
					.toList();
				assertThat(numbers).as("the numbered broadcasts of one message on the topic")
					.hasSize(Integer.parseInt(batch.headers().getFirst(LogBatch.HEADER)))
					.hasSizeGreaterThan(1);
				assertThat(numbers.stream().map(Long::parseLong).toList()).as("numbered one after the other")
					.isEqualTo(LongStream
						.range(Long.parseLong(numbers.get(0)), Long.parseLong(numbers.get(0)) + numbers.size())
						.boxed()
						.toList());
			});
		}
	}

	@Test
	void inputsWhoseNumberedBroadcastsTheBrokerNeverGotAreNumberedWhenTheirSequencerReconnects() throws Exception {
		whileNodeBAloneNumbersAndItsBrokerConnectionIsCut(
				(received) -> assertThat(received).extracting(TickFrames::number)
					.as("each broadcast once, in order, although the broker never got their first publication")
					.containsExactlyElementsOf(IntStream.rangeClosed(1, 30).boxed().toList()),
				() -> {
				});
	}

	@Test
	void anInputTheBrokerLosesWhenItsSequencersConnectionIsCutIsAppendedAgainAndNumbered() throws Exception {
		try (LostInFlightInput lost = new LostInFlightInput(broker().server(),
				EmbeddedArtemis.SHARED_BROADCASTS + ".in")) {
			whileNodeBAloneNumbersAndItsBrokerConnectionIsCut((received) -> {
				assertThat(lost.lost()).as("inputs the broker acknowledged for node B as its connection failed")
					.isEqualTo(1);
				assertThat(received).extracting(TickFrames::number)
					.as("each broadcast once, in order, although the broker lost tick 11's input")
					.containsExactlyElementsOf(IntStream.rangeClosed(1, 30).boxed().toList());
			}, lost::onNextFailedConsumer);
		}
	}

	@Test
	void anInputTheBrokerLosesWhenItsNodesConnectionIsCutIsNumberedBeforeThatNodesNextBroadcasts() throws Exception {
		try (LostInFlightInput lost = new LostInFlightInput(broker().server(),
				EmbeddedArtemis.SHARED_BROADCASTS + ".in")) {
			whileNodeBBehindAProxyNumbers((sequenced) -> {
				try (RawStompSocket publisherOnB = connect(sequenced.nodeB().getPort(), EventBusTests.JOE)) {
					sequenced.proxy().dropFromNode("SEND", "destination:/topic/" + EmbeddedArtemis.SHARED_BROADCASTS);
					for (int n = 11; n <= 15; n++) {
						broadcast(publisherOnB, sequenced.channel(), n);
					}
					await().atMost(Duration.ofSeconds(10))
						.until(() -> sequenced.proxy().droppedAFrameWith(TickFrames.body(15)));
					sequenced.proxy().dropFromNode(null);
					lost.onNextFailedConsumer();
					// node B lives on: node A numbers now, and node B's connection comes
					// back
					sequenced.proxy().cut(false);
					await().atMost(Duration.ofSeconds(30))
						.until(() -> sequenced.proxy().connections() > 0 && broker().inputConsumers() == 2);
					broadcastAndReceive(publisherOnB, sequenced.listener(), sequenced.channel(), 16, 30,
							sequenced.received());
				}
				assertThat(lost.lost()).as("inputs the broker acknowledged for node B as its connection failed")
					.isEqualTo(1);
				assertThat(sequenced.received()).extracting(TickFrames::number)
					.as("each broadcast once, in the order node B's publisher sent them")
					.containsExactlyElementsOf(IntStream.rangeClosed(1, 30).boxed().toList());
			});
		}
	}

	/**
	 * Leaves the input queue to node B alone, a node in a JVM of its own behind a proxy,
	 * with a publisher and a listener on it; broadcasts ticks 1 to 10; drops node B's
	 * numbered broadcasts of ticks 11 to 15 on their way to the broker, then cuts its
	 * broker connection while the node lives on; once it is back, broadcasts ticks 16 to
	 * 30, and checks what the listener received up to tick 30.
	 * @param check checks the ticks received
	 * @param beforeCut runs before the cut
	 */
	private void whileNodeBAloneNumbersAndItsBrokerConnectionIsCut(Consumer<List<StompFrame>> check, Runnable beforeCut)
			throws Exception {
		nodeA().stop();
		await().atMost(Duration.ofSeconds(10)).until(() -> broker().inputConsumers() == 0);
		try (BrokerProxy proxy = new BrokerProxy(brokerPort()); NodeProcess nodeB = startNodeProcess(proxy.getPort())) {
			await().atMost(Duration.ofSeconds(30)).until(() -> broker().inputConsumers() == 1);
			String channel = EventBusTests.channel("exp", "sequenced-" + UUID.randomUUID(), false, false);
			try (RawStompSocket publisher = connect(nodeB.getPort(), EventBusTests.JOE);
					RawStompSocket listener = connect(nodeB.getPort(), EventBusTests.DEVICE_1)) {
				subscribe(listener, channel, Map.of());
				List<StompFrame> received = new ArrayList<>();
				broadcastAndReceive(publisher, listener, channel, 1, 10, received);
				proxy.dropFromNode("SEND", "destination:/topic/" + EmbeddedArtemis.SHARED_BROADCASTS);
				for (int n = 11; n <= 15; n++) {
					broadcast(publisher, channel, n);
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> proxy.droppedAFrameWith(TickFrames.body(15)));
				proxy.dropFromNode(null);
				beforeCut.run();
				// the node lives on, and its broker connection comes back: the broker
				// hands
				// it again the inputs it never acknowledged
				proxy.cut(false);
				await().atMost(Duration.ofSeconds(30)).until(() -> proxy.connections() > 0);
				await().atMost(Duration.ofSeconds(30)).until(() -> broker().inputConsumers() == 1);
				broadcastAndReceive(publisher, listener, channel, 16, 30, received);
				check.accept(received);
			}
		}
		finally {
			nodeA().start();
			await().atMost(Duration.ofSeconds(30)).until(() -> broker().inputConsumers() == 1);
		}
	}

	/**
	 * Drops node B's numbered broadcasts of ticks 11 to 15 on their way to the broker, as
	 * Artemis dropped the last frames of a sequencer killed mid-stream but still took the
	 * acknowledgements after them, then kills node B once it published all five, and
	 * waits until node A consumes the input queue.
	 */
	private void killNodeBWhenTheBrokerNeverGotItsNumberedBroadcastsOfTicks11To15(Sequenced sequenced)
			throws Exception {
		sequenced.proxy().dropFromNode("SEND", "destination:/topic/" + EmbeddedArtemis.SHARED_BROADCASTS);
		for (int n = 11; n <= 15; n++) {
			broadcast(sequenced.publisher(), sequenced.channel(), n);
		}
		// node B numbers the inputs in order: once tick 15's publication is dropped,
		// it sent all five
		await().atMost(Duration.ofSeconds(10)).until(() -> sequenced.proxy().droppedAFrameWith(TickFrames.body(15)));
		sequenced.nodeB().kill();
		await().atMost(Duration.ofSeconds(30)).until(() -> broker().inputConsumers() == 1);
	}

	/**
	 * Leaves the input queue to node B, a node in a JVM of its own behind a proxy, brings
	 * node A back, and on node A broadcasts ticks 1 to 10 to a listener, before the test
	 * goes on.
	 */
	private void whileNodeBBehindAProxyNumbers(SequencerTest test) throws Exception {
		// node A leaves the input queue to node B, the first consumer, and comes back
		nodeA().stop();
		await().atMost(Duration.ofSeconds(10)).until(() -> broker().inputConsumers() == 0);
		try (BrokerProxy proxy = new BrokerProxy(brokerPort()); NodeProcess nodeB = startNodeProcess(proxy.getPort())) {
			await().atMost(Duration.ofSeconds(30)).until(() -> broker().inputConsumers() == 1);
			nodeA().start();
			await().atMost(Duration.ofSeconds(30)).until(() -> broker().inputConsumers() == 2);
			String channel = EventBusTests.channel("exp", "sequenced-" + UUID.randomUUID(), false, false);
			try (RawStompSocket publisher = connect(nodeA().getPort(), EventBusTests.JOE);
					RawStompSocket listener = connect(nodeA().getPort(), EventBusTests.DEVICE_1)) {
				subscribe(listener, channel, Map.of());
				List<StompFrame> received = new ArrayList<>();
				broadcastAndReceive(publisher, listener, channel, 1, 10, received);
				test.run(new Sequenced(proxy, nodeB, publisher, listener, channel, received));
			}
		}
	}

	/** What {@link #whileNodeBBehindAProxyNumbers} set up. */
	private record Sequenced(BrokerProxy proxy, NodeProcess nodeB, RawStompSocket publisher, RawStompSocket listener,
			String channel, List<StompFrame> received) {
	}

	@FunctionalInterface
	private interface SequencerTest {

		void run(Sequenced sequenced) throws Exception;

	}

}
