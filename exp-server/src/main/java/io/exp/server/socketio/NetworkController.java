package io.exp.server.socketio;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.exp.server.auth.Identity;
import io.exp.server.bus.BrokerAvailability;
import io.exp.server.bus.BusException;
import io.exp.server.bus.BusResponses;
import io.exp.server.bus.ChannelRules;
import io.exp.server.bus.EventBusProperties;
import io.exp.server.rest.ApiException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * How the original SDKs broadcast and respond:
 * {@code POST /api/networks/current/broadcasts} publishes on the bus's channel, stamped
 * with the caller as sender, and answers after {@code timeout} milliseconds with the
 * payloads of the responses {@code POST}ed to {@code /api/networks/current/responses} or
 * sent to the caller over STOMP ({@code /app/response}) meanwhile, on this node. A
 * response POSTed to a broadcast sent over STOMP goes to its sender as a STOMP response.
 */
@ConditionalOnBooleanProperty(name = "exp.server.socketio.enabled", matchIfMissing = true)
@RestController
@RequestMapping("/api/networks/current")
class NetworkController {

	static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

	private final SimpMessagingTemplate messaging;

	private final BroadcastResponses responses;

	private final BroadcastSenders senders;

	private final JsonMapper json;

	private final int maxMessageSize;

	private final BrokerAvailability broker;

	NetworkController(SimpMessagingTemplate messaging, BroadcastResponses responses, BroadcastSenders senders,
			JsonMapper json, EventBusProperties properties, BrokerAvailability broker) {
		this.broker = broker;
		this.messaging = messaging;
		this.responses = responses;
		this.senders = senders;
		this.json = json;
		this.maxMessageSize = properties.getMaxMessageSize();
	}

	@PostMapping("/broadcasts")
	DeferredResult<List<@Nullable Object>> broadcast(Identity sender, @RequestBody byte[] message,
			@RequestParam(required = false) @Nullable String timeout) {
		Map<String, Object> body = read(message);
		String channel = channel(sender, text(body, "channel"), true);
		String name = text(body, "name");
		if (!this.broker.isAvailable()) {
			// as over STOMP: delivered on this node only, it would be lost for the others
			// in silence
			throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "broker.unavailable",
					"The event bus broker is not available; the message was not sent");
		}
		String id = (body.get("id") instanceof String given && !given.isEmpty()) ? given : UUID.randomUUID().toString();
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("type", "broadcast");
		envelope.put("id", id);
		envelope.put("channel", channel);
		envelope.put("name", name);
		if (body.containsKey("payload")) {
			envelope.put("payload", body.get("payload"));
		}
		envelope.put("sender", Map.of("uuid", sender.uuid(), "type", sender.type()));
		long wait = Math.min(milliseconds(timeout), MAX_TIMEOUT.toMillis());
		boolean gathering = wait > 0 && this.responses.expect(id, channel, BusResponses.userName(sender));
		// marked, so that responses sent on other nodes come to this one
		this.messaging.convertAndSend(ChannelRules.TOPIC_PREFIX + channel, envelope,
				gathering ? BusResponses.gathering(sender, id) : null);
		if (!gathering) {
			DeferredResult<List<@Nullable Object>> none = new DeferredResult<>();
			none.setResult(List.of());
			return none;
		}
		return new DeferredResult<>(wait, () -> this.responses.finish(id));
	}

	@PostMapping("/responses")
	Map<String, Object> respond(Identity responder, @RequestBody byte[] message) {
		Map<String, Object> body = read(message);
		// checked as a STOMP /app/response is: on a channel the responder may publish on
		String channel = channel(responder, text(body, "channel"), true);
		String id = text(body, "id");
		Object payload = body.get("payload");
		if (!this.responses.add(id, channel, payload)) {
			// not a broadcast POSTed here that still waits: perhaps one sent over STOMP,
			// whose sender then gets it
			// as it would a STOMP response, if it still waits for it
			String broadcaster = this.senders.sender(id, channel);
			if (broadcaster != null) {
				BusResponses.respond(this.messaging, responder, broadcaster, id, channel, payload);
			}
		}
		return Map.of();
	}

	/**
	 * A message for the bus, held to the bus's size limit as a STOMP frame is: a
	 * broadcast POSTed here reaches STOMP and socket.io listeners alike.
	 */
	@SuppressWarnings("unchecked")
	private Map<String, Object> read(byte[] message) {
		if (message.length > this.maxMessageSize) {
			throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "message.tooLarge", "A message is at most "
					+ this.maxMessageSize + " bytes on this server (exp.server.bus.max-message-size)");
		}
		try {
			if (this.json.readValue(message, Object.class) instanceof Map<?, ?> body) {
				return (Map<String, Object>) body;
			}
		}
		catch (JacksonException ex) {
			// answered below
		}
		throw new ApiException(HttpStatus.BAD_REQUEST, "message.invalid", "The body must be a JSON object");
	}

	/**
	 * The time to gather responses: the SDK sends {@code timeout=undefined} when its
	 * caller gives none, which, as anything but a number of milliseconds, means not to
	 * wait.
	 */
	private static long milliseconds(@Nullable String timeout) {
		try {
			return (timeout != null) ? Math.max(Long.parseLong(timeout.trim()), 0) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static String channel(Identity identity, String sdkId, boolean publishing) {
		try {
			return ChannelRules.check(identity, SdkChannelIds.toBus(sdkId), publishing).encode();
		}
		catch (BusException ex) {
			HttpStatus status = "channel.forbidden".equals(ex.getCode()) ? HttpStatus.FORBIDDEN
					: HttpStatus.BAD_REQUEST;
			throw new ApiException(status, ex.getCode(), ex.getMessage());
		}
	}

	private static String text(Map<String, Object> body, String field) {
		if (body.get(field) instanceof String text && !text.isEmpty()) {
			return text;
		}
		throw new ApiException(HttpStatus.BAD_REQUEST, "message.invalid",
				"The field '" + field + "' must be a non-empty string");
	}

}
