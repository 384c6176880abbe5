package io.exp.server.bus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;

import static org.assertj.core.api.Assertions.assertThat;

class GatheringNodesTests {

	private static final Instant NOW = Instant.parse("2026-11-27T07:00:00Z");

	@Test
	void aMarkedBroadcastFromAnotherNodeNamesThatNodeForItsBroadcasterAndIdOnly() {
		GatheringNodes nodes = new GatheringNodes("b", Duration.ofMinutes(2), Clock.fixed(NOW, ZoneOffset.UTC));
		nodes.heard(arrived("exp:joe", "q1", "a"));
		assertThat(nodes.node("exp:joe", "q1")).isEqualTo("a");
		assertThat(nodes.node("exp:ann", "q1")).isNull();
		assertThat(nodes.node("exp:joe", "q2")).isNull();
	}

	@Test
	void anotherBroadcasterReusingTheIdDivertsNothing() {
		GatheringNodes nodes = new GatheringNodes("b", Duration.ofMinutes(2), Clock.fixed(NOW, ZoneOffset.UTC));
		nodes.heard(arrived("exp:joe", "q1", "a"));
		nodes.heard(arrived("exp:mallory", "q1", "c"));
		assertThat(nodes.node("exp:joe", "q1")).isEqualTo("a");
	}

	@Test
	void theNodeIsForgottenOnceTheReplyWindowHasPassed() {
		MovableClock clock = new MovableClock(NOW);
		GatheringNodes nodes = new GatheringNodes("b", Duration.ofMinutes(2), clock);
		nodes.heard(arrived("exp:joe", "q1", "a"));
		clock.advance(Duration.ofMinutes(2));
		assertThat(nodes.node("exp:joe", "q1")).isEqualTo("a");
		clock.advance(Duration.ofMillis(1));
		assertThat(nodes.node("exp:joe", "q1")).isNull();
	}

	@Test
	void aBroadcastThisNodeGathersForIsNotKept() {
		GatheringNodes nodes = new GatheringNodes("b", Duration.ofMinutes(2), Clock.fixed(NOW, ZoneOffset.UTC));
		nodes.heard(arrived("exp:joe", "q1", "b"));
		assertThat(nodes.node("exp:joe", "q1")).isNull();
	}

	@Test
	void anUnmarkedBroadcastCarriesNoMark() {
		StompHeaders onTheBroker = new StompHeaders();
		GatheringNodes.carry(SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE), onTheBroker, "a");
		assertThat(onTheBroker.toSingleValueMap()).isEmpty();
	}

	private static MessageHeaderAccessor arrived(String broadcaster, String id, String node) {
		SimpMessageHeaderAccessor published = SimpMessageHeaderAccessor
			.wrap(MessageBuilder.createMessage(new byte[0], GatheringNodes.gathering(broadcaster, id)));
		StompHeaders onTheBroker = new StompHeaders();
		GatheringNodes.carry(published, onTheBroker, node);
		SimpMessageHeaderAccessor received = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		GatheringNodes.receive(onTheBroker, received);
		return received;
	}

}
