package io.exp.client.auth;

import java.time.Instant;
import java.util.Map;

/**
 * The auth payload that {@code POST /api/auth/login} and {@code POST /api/auth/token}
 * answer.
 * <p>
 * {@link #toString()} never shows the tokens.
 *
 * @param token the bearer token for API calls and the event bus
 * @param expiration when the token expires
 * @param identity who the token speaks for
 * @param apiHost the REST base URL ({@code api.host})
 * @param networkHost the event bus WebSocket URL ({@code network.host})
 * @param restrictedToken the limited token put in delivery and layout URLs as {@code _rt}
 * @param restrictions the restrictions of the token, as the server sent them
 * @since 0.1.0
 */
public record ExpAuth(String token, Instant expiration, ExpIdentity identity, String apiHost, String networkHost,
		String restrictedToken, Map<String, Object> restrictions) {

	public ExpAuth {
		restrictions = Map.copyOf(restrictions);
	}

	@Override
	public String toString() {
		return "ExpAuth[identity=" + this.identity + ", expiration=" + this.expiration + ", apiHost=" + this.apiHost
				+ ", networkHost=" + this.networkHost + "]";
	}

}
