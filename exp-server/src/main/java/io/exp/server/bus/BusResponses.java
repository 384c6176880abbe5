package io.exp.server.bus;

import java.util.LinkedHashMap;
import java.util.Map;

import io.exp.server.auth.Identity;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessagingTemplate;

/**
 * Answers a broadcast for a responder that is not a STOMP session (an original SDK
 * responding over REST), exactly as {@code SEND /app/response} would: the broadcaster's
 * connections receive it on {@code /user/queue/responses} only while they wait for
 * answers to that id.
 *
 * @since 0.1.0
 */
public final class BusResponses {

	private BusResponses() {
	}

	/**
	 * The name the bus gives an identity's connections, which a response to it is
	 * addressed to ({@code /user/{name}/queue/responses}).
	 * @param identity the identity
	 * @return its bus user name
	 */
	public static String userName(Identity identity) {
		return BusPrincipal.nameOf(identity.organization(), identity.uuid());
	}

	/**
	 * The headers to publish a broadcast with whose responses this node gathers (a
	 * broadcast {@code POST}ed with a timeout): with a relayed broker, the responses sent
	 * on the other nodes come to this one.
	 * @param broadcaster who sends the broadcast
	 * @param id the broadcast's id
	 * @return the headers, for the broker's messaging template
	 */
	public static MessageHeaders gathering(Identity broadcaster, String id) {
		return GatheringNodes.gathering(userName(broadcaster), id);
	}

	/**
	 * Sends a response to the identity that broadcast, within the responder's
	 * organization.
	 * @param messaging the broker's messaging template
	 * @param responder who answers; its channel rights must have been checked
	 * @param broadcaster the uuid of the broadcast's sender
	 * @param id the broadcast's id
	 * @param channel the channel id (base64url)
	 * @param payload the answer
	 */
	public static void respond(SimpMessagingTemplate messaging, Identity responder, String broadcaster, String id,
			String channel, @Nullable Object payload) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("id", id);
		envelope.put("channel", channel);
		envelope.put("payload", payload);
		envelope.put("target", Map.of("uuid", broadcaster));
		deliver(messaging, responder, broadcaster, id, envelope);
	}

	/**
	 * Delivers a response envelope to its target's connections that await it, stamped
	 * with the responder.
	 */
	static void deliver(SimpMessagingTemplate messaging, Identity responder, String target, String id,
			Map<String, Object> envelope) {
		messaging.convertAndSendToUser(BusPrincipal.nameOf(responder.organization(), target),
				EventBusController.RESPONSES, Envelopes.outgoing("response", envelope, responder),
				ReplyFilter.answerHeaders(id, responder.uuid()));
	}

}
