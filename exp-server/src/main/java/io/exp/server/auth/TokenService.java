package io.exp.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.exp.server.ExpServerProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Issues and verifies the server's HS256 tokens. A full token authorizes API and event
 * bus calls; a restricted token (claim {@code restricted}) only delivery and layout
 * downloads.
 *
 * @since 0.1.0
 */
@Component
public class TokenService {

	private static final String RESTRICTED = "restricted";

	private final MACSigner signer;

	private final MACVerifier verifier;

	private final Duration lifetime;

	private final Clock clock;

	@Autowired
	TokenService(ExpServerProperties properties) {
		this(keyOf(properties.getSigningKey()), properties.getTokenLifetime(), Clock.systemUTC());
	}

	/**
	 * Creates a token service with an explicit key, lifetime and clock.
	 * @param key the HS256 key, at least 32 bytes
	 * @param lifetime how long issued tokens stay valid
	 * @param clock the clock for issue and expiration times
	 */
	public TokenService(byte[] key, Duration lifetime, Clock clock) {
		try {
			this.signer = new MACSigner(key);
			this.verifier = new MACVerifier(key);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("exp.server.signing-key must be at least 32 bytes long", ex);
		}
		this.lifetime = lifetime;
		this.clock = clock;
	}

	private static byte[] keyOf(@Nullable String configured) {
		if (configured != null && !configured.isBlank()) {
			return configured.getBytes(StandardCharsets.UTF_8);
		}
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		return random;
	}

	/**
	 * Makes a random signing key suitable for {@code exp.server.signing-key}.
	 * @return a random key of 32 bytes, base64 encoded
	 */
	public static String randomKey() {
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		return Base64.getEncoder().encodeToString(random);
	}

	/**
	 * Issues a full token for the identity.
	 * @param identity who the token speaks for
	 * @return the signed token
	 */
	public String issue(Identity identity) {
		return issue(identity, expirationOfNewTokens());
	}

	/**
	 * Issues a full token that expires at the given instant.
	 * @param identity who the token speaks for
	 * @param expiration when it expires, in whole seconds (as the JWT {@code exp} claim)
	 * @return the signed token
	 */
	public String issue(Identity identity, Instant expiration) {
		return sign(identity, false, expiration);
	}

	/**
	 * Issues a restricted token, good for delivery and layout URLs only.
	 * @param identity who the token speaks for
	 * @param expiration when it expires
	 * @return the signed token
	 */
	public String issueRestricted(Identity identity, Instant expiration) {
		return sign(identity, true, expiration);
	}

	/**
	 * Returns when a token issued now expires, in whole seconds as the JWT {@code exp}
	 * claim carries it, so the {@code expiration} of the auth payload is exactly the
	 * token's.
	 * @return the expiration of tokens issued now
	 */
	public Instant expirationOfNewTokens() {
		return this.clock.instant().plus(this.lifetime).truncatedTo(ChronoUnit.SECONDS);
	}

	/**
	 * Returns how long issued tokens stay valid.
	 * @return the lifetime of tokens
	 */
	Duration lifetime() {
		return this.lifetime;
	}

	/**
	 * Takes the token out of an {@code Authorization: Bearer <token>} header.
	 * @param authorization the header's value, if any
	 * @return the token, or {@code null} when the header is missing or not a bearer one
	 */
	public static @Nullable String bearerToken(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		return authorization.substring(7).trim();
	}

	/**
	 * Verifies a full token.
	 * @param token the token
	 * @return the identity it speaks for
	 * @throws InvalidTokenException when the token is malformed, forged, expired or
	 * restricted
	 */
	public Identity verify(String token) {
		JWTClaimsSet claims = verifiedClaims(token);
		if (Boolean.TRUE.equals(claims.getClaim(RESTRICTED))) {
			throw new InvalidTokenException("A restricted token is good for delivery and layout URLs only");
		}
		return identityOf(claims);
	}

	/**
	 * Verifies a token for a delivery or layout download, where full and restricted
	 * tokens are both accepted.
	 * @param token the token
	 * @return the identity it speaks for
	 * @throws InvalidTokenException when the token is malformed, forged or expired
	 */
	public Identity verifyForDelivery(String token) {
		return identityOf(verifiedClaims(token));
	}

	private String sign(Identity identity, boolean restricted, Instant expiration) {
		Instant now = this.clock.instant();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(identity.uuid())
			.jwtID(UUID.randomUUID().toString())
			.claim("type", identity.type())
			.claim("organization", identity.organization())
			.claim("username", identity.username())
			.claim(RESTRICTED, restricted)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(expiration))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		try {
			jwt.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not sign a token", ex);
		}
		return jwt.serialize();
	}

	private JWTClaimsSet verifiedClaims(String token) {
		try {
			SignedJWT jwt = SignedJWT.parse(token);
			if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(this.verifier)) {
				throw new InvalidTokenException("The token's signature is not valid");
			}
			JWTClaimsSet claims = jwt.getJWTClaimsSet();
			Date expiration = claims.getExpirationTime();
			if (expiration == null || !expiration.toInstant().isAfter(this.clock.instant())) {
				throw new InvalidTokenException("The token has expired");
			}
			return claims;
		}
		catch (ParseException | JOSEException | IllegalStateException ex) {
			throw new InvalidTokenException("The token is malformed");
		}
	}

	private static Identity identityOf(JWTClaimsSet claims) {
		Object type = claims.getClaim("type");
		Object organization = claims.getClaim("organization");
		if (claims.getSubject() == null || !(type instanceof String) || !(organization instanceof String)) {
			throw new InvalidTokenException("The token does not name an identity");
		}
		return new Identity(claims.getSubject(), (String) type, (String) organization,
				(String) claims.getClaim("username"));
	}

}
