package io.exp.server.bus;

import java.util.LinkedHashMap;
import java.util.Map;

import io.exp.server.auth.Identity;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and checks incoming envelopes and builds the outgoing ones, stamped with the
 * sender.
 */
final class Envelopes {

	private Envelopes() {
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> read(JsonMapper json, byte[] body) {
		Object value;
		try {
			value = json.readValue(body, Object.class);
		}
		catch (JacksonException ex) {
			throw new BusException("message.malformed", "The message is not valid JSON");
		}
		if (!(value instanceof Map<?, ?> map)) {
			throw new BusException("message.malformed", "The message must be a JSON object");
		}
		return (Map<String, Object>) map;
	}

	static @Nullable String id(Map<String, Object> envelope) {
		return (envelope.get("id") instanceof String id) ? id : null;
	}

	static String text(Map<String, Object> envelope, String field) {
		Object value = envelope.get(field);
		if (!(value instanceof String text) || text.isEmpty()) {
			throw new BusException("message.invalid", "The field '" + field + "' must be a non-empty string",
					id(envelope));
		}
		return text;
	}

	static String targetUuid(Map<String, Object> envelope, String... keys) {
		if (envelope.get("target") instanceof Map<?, ?> target) {
			for (String key : keys) {
				if (target.get(key) instanceof String uuid && !uuid.isEmpty()) {
					return uuid;
				}
			}
		}
		throw new BusException("message.invalid",
				"The field 'target' must be an object with " + String.join(" or ", keys), id(envelope));
	}

	static Map<String, Object> outgoing(String type, Map<String, Object> envelope, Identity sender) {
		Map<String, Object> outgoing = new LinkedHashMap<>();
		outgoing.put("type", type);
		for (String field : new String[] { "id", "channel", "name", "payload", "target", "error", "trace" }) {
			if (envelope.containsKey(field)) {
				outgoing.put(field, envelope.get(field));
			}
		}
		outgoing.put("sender", Map.of("uuid", sender.uuid(), "type", sender.type()));
		return outgoing;
	}

	static Map<String, Object> error(@Nullable String id, String code, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("type", "error");
		if (id != null) {
			error.put("id", id);
		}
		error.put("error", Map.of("code", code, "message", message));
		return error;
	}

}
