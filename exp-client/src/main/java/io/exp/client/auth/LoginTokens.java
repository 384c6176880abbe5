package io.exp.client.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeyLengthException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Builds the body of {@code POST /api/auth/login} for each kind of credentials; devices
 * and consumer apps sign an HS256 login token with their secret, valid for 30 seconds.
 */
final class LoginTokens {

	private static final Duration LIFETIME = Duration.ofSeconds(30);

	private LoginTokens() {
	}

	static Map<String, Object> loginBody(ExpCredentials credentials, Clock clock) {
		if (credentials instanceof ExpCredentials.User user) {
			return Map.of("username", user.username(), "password", user.password(), "organization",
					user.organization());
		}
		if (credentials instanceof ExpCredentials.Device device) {
			return Map.of("token", sign(device.uuid(), "device", device.secret(), device.allowPairing(), clock));
		}
		ExpCredentials.ConsumerApp app = (ExpCredentials.ConsumerApp) credentials;
		return Map.of("token", sign(app.uuid(), "consumerApp", app.apiKey(), false, clock));
	}

	private static String sign(String uuid, String type, String secret, boolean allowPairing, Clock clock) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("uuid", uuid);
		claims.put("type", type);
		if (allowPairing) {
			claims.put("allowPairing", true);
		}
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
			.expirationTime(Date.from(clock.instant().plus(LIFETIME)));
		claims.forEach(builder::claim);
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), builder.build());
		try {
			jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (KeyLengthException ex) {
			throw new IllegalArgumentException("The " + type + " secret must be at least 32 bytes long for HS256");
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not sign the " + type + " login token", ex);
		}
		return jwt.serialize();
	}

}
