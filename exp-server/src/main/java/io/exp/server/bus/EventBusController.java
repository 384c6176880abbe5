package io.exp.server.bus;

import java.security.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.exp.server.auth.Identity;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.annotation.SendToUser;
import org.springframework.stereotype.Controller;

/**
 * Routes {@code /app/broadcast}, {@code /app/request} and {@code /app/response} within
 * the sender's organization.
 */
@Controller
class EventBusController {

	static final String REQUESTS = "/queue/requests";

	static final String RESPONSES = "/queue/responses";

	private final SimpMessagingTemplate messaging;

	private final OnlineUsers users;

	private final JsonMapper json;

	private final BrokerAvailability broker;

	private final OutboundMemory memory;

	private final Duration publishWait;

	private final PendingReplies pendingReplies;

	EventBusController(SimpMessagingTemplate messaging, OnlineUsers users, JsonMapper json, BrokerAvailability broker,
			OutboundMemory memory, EventBusProperties properties, PendingReplies pendingReplies) {
		this.pendingReplies = pendingReplies;
		this.messaging = messaging;
		this.users = users;
		this.json = json;
		this.broker = broker;
		this.memory = memory;
		this.publishWait = properties.getPublishWait();
	}

	@MessageMapping("/broadcast")
	void broadcast(@Payload byte[] body, Principal principal,
			@Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId) {
		Identity sender = identity(principal);
		Map<String, Object> envelope = Envelopes.read(this.json, body);
		String channel = Envelopes.text(envelope, "channel");
		checkChannel(sender, channel, envelope);
		Envelopes.text(envelope, "name");
		String id = Envelopes.id(envelope);
		if (id != null) {
			this.pendingReplies.expect(sessionId, id, null);
		}
		Object message = Envelopes.outgoing("broadcast", envelope, sender);
		NonBlockingSession.publishing(this.publishWait,
				() -> this.messaging.convertAndSend(StompAccessInterceptor.TOPIC_PREFIX + channel, message));
	}

	@MessageMapping("/request")
	void request(@Payload byte[] body, Principal principal,
			@Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId) {
		Identity sender = identity(principal);
		Map<String, Object> envelope = Envelopes.read(this.json, body);
		String id = Envelopes.text(envelope, "id");
		checkChannel(sender, Envelopes.text(envelope, "channel"), envelope);
		Envelopes.text(envelope, "name");
		String target = Envelopes.targetUuid(envelope, "device", "uuid");
		String targetUser = BusPrincipal.nameOf(sender.organization(), target);
		this.pendingReplies.expect(sessionId, id, target);
		if (!this.users.isOnline(targetUser)) {
			Map<String, Object> answer = new LinkedHashMap<>(Envelopes.error(id, "target.offline",
					"No connection of " + target + " in this organization can answer"));
			answer.put("type", "response");
			answer.put("channel", envelope.get("channel"));
			this.messaging.convertAndSendToUser(principal.getName(), RESPONSES, answer,
					ReplyFilter.answerHeaders(id, target));
			return;
		}
		NonBlockingSession.publishing(this.publishWait, () -> this.messaging.convertAndSendToUser(targetUser, REQUESTS,
				Envelopes.outgoing("request", envelope, sender)));
	}

	@MessageMapping("/response")
	void response(@Payload byte[] body, Principal principal) {
		Identity sender = identity(principal);
		Map<String, Object> envelope = Envelopes.read(this.json, body);
		checkChannel(sender, Envelopes.text(envelope, "channel"), envelope);
		String id = Envelopes.text(envelope, "id");
		String target = Envelopes.targetUuid(envelope, "uuid", "device");
		NonBlockingSession.publishing(this.publishWait,
				() -> BusResponses.deliver(this.messaging, sender, target, id, envelope));
	}

	@MessageExceptionHandler
	@SendToUser(destinations = "/queue/errors", broadcast = false)
	Map<String, Object> refused(BusException ex) {
		return Envelopes.error(ex.getId(), ex.getCode(), ex.getMessage());
	}

	private void checkChannel(Identity sender, String channel, Map<String, Object> envelope) {
		if (!this.broker.isAvailable()) {
			throw new BusException("broker.unavailable",
					"The event bus broker is not available; the message was not sent", Envelopes.id(envelope));
		}
		try {
			ChannelAccess.check(sender, channel, true);
		}
		catch (BusException ex) {
			throw new BusException(ex.getCode(), ex.getMessage(), Envelopes.id(envelope));
		}
		if (!this.memory.awaitRoom(this.publishWait)) {
			throw new BusException("bus.busy",
					"The server holds as much undelivered data as it may "
							+ "(exp.server.bus.outbound-memory-limit); the message was not sent, try again later",
					Envelopes.id(envelope));
		}
	}

	private static Identity identity(Principal principal) {
		return ((BusPrincipal) principal).identity();
	}

}
