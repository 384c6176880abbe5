package io.exp.client.auth;

import java.time.Instant;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Reads the auth payload and error answers of the auth endpoints.
 */
final class AuthPayloads {

	private static final JsonMapper json = JsonMapper.builder().build();

	private AuthPayloads() {
	}

	@SuppressWarnings("unchecked")
	static ExpAuth read(Map<String, Object> payload) {
		Map<String, Object> identity = (Map<String, Object>) payload.get("identity");
		Map<String, Object> api = (Map<String, Object>) payload.get("api");
		Map<String, Object> network = (Map<String, Object>) payload.get("network");
		Object restrictions = payload.get("restrictions");
		return new ExpAuth((String) payload.get("token"),
				Instant.ofEpochMilli(((Number) payload.get("expiration")).longValue()),
				new ExpIdentity((String) identity.get("uuid"), (String) identity.get("type"),
						(String) identity.get("organization"), (String) identity.get("username")),
				(String) api.get("host"), (String) network.get("host"), (String) payload.get("restrictedToken"),
				(restrictions instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of());
	}

	static String message(WebClientResponseException ex) {
		try {
			JsonNode message = json.readTree(ex.getResponseBodyAsString()).get("message");
			if (message != null && message.isString()) {
				return message.asString();
			}
		}
		catch (JacksonException notJson) {
			// fall back to the status text
		}
		return ex.getStatusText();
	}

}
