package io.exp.client.bus;

import java.util.LinkedHashMap;
import java.util.Map;

import io.exp.client.ExpRequestException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The envelope format of {@code docs/protocol.md}, in one place: its field names, the
 * error codes this client answers with, and the bytes on the wire. Envelope fields are
 * the protocol's whatever the application's naming strategy or modules; payloads are
 * written with the application's mapper.
 */
final class Envelopes {

	static final String ID = "id";

	static final String TYPE = "type";

	static final String CHANNEL = "channel";

	static final String NAME = "name";

	static final String PAYLOAD = "payload";

	static final String TARGET = "target";

	static final String SENDER = "sender";

	static final String ERROR = "error";

	static final String CODE = "code";

	static final String MESSAGE = "message";

	static final String UUID = "uuid";

	/**
	 * The trace context of a request (W3C {@code traceparent} and the like), for
	 * Micrometer Observation.
	 */
	static final String TRACE = "trace";

	/** The error of a request that no responder on this client answers. */
	static final String RESPONDER_MISSING = "responder.missing";

	/** The error of a request whose responder failed or timed out. */
	static final String RESPONDER_FAILED = "responder.failed";

	private static final JsonMapper wire = JsonMapper.builder().build();

	private final JsonMapper json;

	private final long maxBytes;

	/**
	 * Creates a codec.
	 * @param json the application's mapper, for payloads
	 * @param maxBytes the largest message, in bytes
	 */
	Envelopes(JsonMapper json, long maxBytes) {
		this.json = json;
		this.maxBytes = maxBytes;
	}

	JsonMapper json() {
		return this.json;
	}

	/**
	 * Writes an envelope, its payload with the application's mapper.
	 * @throws IllegalArgumentException when the message is larger than the limit
	 */
	byte[] encode(Map<String, Object> envelope) {
		Map<String, Object> written = new LinkedHashMap<>(envelope);
		Object payload = written.get(PAYLOAD);
		if (payload != null) {
			written.put(PAYLOAD, this.json.valueToTree(payload));
		}
		byte[] body = wire.writeValueAsBytes(written);
		if (body.length > this.maxBytes) {
			throw new IllegalArgumentException("The message '" + envelope.get(NAME) + "' is " + body.length
					+ " bytes, over the event bus limit of " + this.maxBytes + " bytes");
		}
		return body;
	}

	@SuppressWarnings("unchecked")
	Map<String, Object> decode(byte[] body) {
		return wire.readValue(body, LinkedHashMap.class);
	}

	static Map<String, Object> envelope(@Nullable String id, String channelId, @Nullable String name,
			@Nullable Object payload) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		if (id != null) {
			envelope.put(ID, id);
		}
		envelope.put(CHANNEL, channelId);
		if (name != null) {
			envelope.put(NAME, name);
		}
		envelope.put(PAYLOAD, payload);
		return envelope;
	}

	/** The response to a message, addressed to its sender. */
	static Map<String, Object> response(Map<String, Object> to, @Nullable Object payload) {
		Map<String, Object> response = addressedTo(to);
		response.put(PAYLOAD, payload);
		return response;
	}

	/** The error response to a message, addressed to its sender. */
	static Map<String, Object> error(Map<String, Object> to, String code, String message) {
		Map<String, Object> response = addressedTo(to);
		response.put(ERROR, Map.of(CODE, code, MESSAGE, message));
		return response;
	}

	private static Map<String, Object> addressedTo(Map<String, Object> to) {
		Map<String, Object> response = new LinkedHashMap<>();
		if (to.get(ID) != null) {
			response.put(ID, to.get(ID));
		}
		response.put(CHANNEL, String.valueOf(to.get(CHANNEL)));
		response.put(TARGET, Map.of(UUID, String.valueOf(senderUuid(to))));
		return response;
	}

	static @Nullable String id(Map<String, Object> envelope) {
		return (envelope.get(ID) instanceof String id) ? id : null;
	}

	static @Nullable Object senderUuid(Map<String, Object> envelope) {
		return (envelope.get(SENDER) instanceof Map<?, ?> sender) ? sender.get(UUID) : null;
	}

	/** The trace context a request carries, empty when it has none. */
	@SuppressWarnings("unchecked")
	static Map<String, ?> trace(Map<String, Object> envelope) {
		return (envelope.get(TRACE) instanceof Map<?, ?> trace) ? (Map<String, ?>) trace : Map.of();
	}

	static Map<?, ?> error(Map<String, Object> envelope) {
		return (envelope.get(ERROR) instanceof Map<?, ?> error) ? error : Map.of();
	}

	static ExpRequestException requestException(Map<?, ?> error) {
		return new ExpRequestException(String.valueOf(error.get(CODE)), String.valueOf(error.get(MESSAGE)));
	}

}
