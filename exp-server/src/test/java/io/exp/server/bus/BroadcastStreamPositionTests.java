package io.exp.server.bus;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import io.exp.server.ExpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a node can say about the broadcast stream it reads behind the other nodes, and the
 * properties that name the stream and the sequencer.
 */
class BroadcastStreamPositionTests {

	@Test
	void aNodeHoldsEverythingAfterTheOffsetBeforeTheFirstItReadAndUpToTheLast() {
		BroadcastStreamPosition position = new BroadcastStreamPosition("s", "exp.broadcasts");
		assertThat(position.heardEverythingAfter(0)).isFalse();
		position.heard(10);
		position.heard(11);
		assertThat(position.heardEverythingAfter(8)).as("offset 9 may exist and was not read").isFalse();
		assertThat(position.heardEverythingAfter(9)).isTrue();
		assertThat(position.heardEverythingAfter(11)).isTrue();
		assertThat(position.heardEverythingAfter(12)).as("not read yet").isFalse();
	}

	@Test
	void aNodeThatReadOnAfterAGapHoldsEverythingOnlyAfterTheGap() {
		BroadcastStreamPosition position = new BroadcastStreamPosition("s", "exp.broadcasts");
		position.heard(10);
		position.restartedAt(20);
		position.heard(20);
		assertThat(position.heardEverythingAfter(10)).as("11 to 19 were missed").isFalse();
		assertThat(position.heardEverythingAfter(19)).isTrue();
	}

	@Test
	void aResumeWaitsUntilTheNodeCaughtUpAndReadTheSerialButNoLongerThanItsTimeout() throws Exception {
		BroadcastStreamPosition position = new BroadcastStreamPosition("s", "exp.broadcasts");
		position.heard(5);
		long start = System.nanoTime();
		position.awaitHeard(5, Duration.ofMillis(200));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not caught up yet: waits for the timeout")
			.isGreaterThanOrEqualTo(Duration.ofMillis(200));
		Thread reader = new Thread(() -> {
			position.caughtUp();
			position.heard(7);
		});
		reader.start();
		position.awaitHeard(7, Duration.ofSeconds(30));
		assertThat(position.heardEverythingAfter(7)).isTrue();
		reader.join();
	}

	@Test
	void streamsOfOtherNamesNumberInOtherEpochs() {
		assertThat(new BroadcastStreamPosition("s", "a").epoch())
			.isNotEqualTo(new BroadcastStreamPosition("s", "b").epoch())
			.matches("[0-9a-z]{1,16}");
	}

	@Test
	void aStreamWithoutTheRelayIsRefusedNamingTheProperties() {
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> ExpServer.builder().property("exp.server.bus.history.stream", "exp.broadcasts").start())
			.havingRootCause()
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.withMessageContaining("exp.server.bus.history.stream")
			.withMessageContaining("exp.server.bus.relay.enabled=true");
	}

	@Test
	void aSequencerWithoutAnAddressIsRefusedNamingTheProperties() {
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> ExpServer.builder().property("exp.server.bus.history.sequencer", true).start())
			.havingRootCause()
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.withMessageContaining("exp.server.bus.history.sequencer")
			.withMessageContaining("exp.server.bus.history.stream");
	}

}
