package io.exp.server.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.exp.server.ServerClient;
import io.exp.server.ServerClient.Answer;

/**
 * Hand-made login tokens of devices and consumer apps, and the login call that sends
 * them.
 */
final class LoginJwts {

	private LoginJwts() {
	}

	/**
	 * Signs a login token that expires in 30 seconds.
	 * @param uuid the claimed uuid
	 * @param type the claimed type
	 * @param secret the secret to sign with
	 * @param extra further claims, replacing those of the same name
	 * @return the token
	 */
	static String sign(String uuid, String type, String secret, Map<String, Object> extra) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().claim("uuid", uuid)
			.subject(uuid)
			.claim("type", type)
			.claim("organization", "exp")
			.expirationTime(Date.from(Instant.now().plusSeconds(30)));
		extra.forEach(claims::claim);
		return sign(claims.build(), secret);
	}

	/**
	 * Signs the given claims with HS256.
	 * @param claims the claims
	 * @param secret the secret to sign with
	 * @return the token
	 */
	static String sign(JWTClaimsSet claims, String secret) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
			jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Logs in with a token.
	 * @param client the client of the server
	 * @param token the login token
	 * @return the answer
	 */
	static Answer login(ServerClient client, String token) {
		return client.send("POST", "/api/auth/login", null, ServerClient.json(Map.of("token", token)));
	}

}
