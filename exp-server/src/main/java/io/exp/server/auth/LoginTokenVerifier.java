package io.exp.server.auth;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.exp.server.ExpServerProperties;

import org.springframework.stereotype.Component;

/**
 * Checks the HS256 login token of a device or consumer app: claims {@code uuid} and
 * {@code type}, {@code exp} in seconds no further ahead than
 * {@code exp.server.login.max-token-lifetime}, {@code nbf} if present, and the signature
 * with the secret or API key of the account of that uuid and type. An unknown uuid,
 * another type and a wrong signature are refused alike, after the same work, so that
 * answers do not tell which uuids exist. With {@code exp.server.pairing.enabled}, a
 * device uuid that no account has logs in with {@code allowPairing} as a pairing
 * identity.
 */
@Component
class LoginTokenVerifier {

	private static final Set<String> SIGNER_TYPES = Set.of(Identity.DEVICE, Identity.CONSUMER_APP);

	private static final String NOT_RECOGNIZED = "The login token does not match a device or consumer app of this"
			+ " server: check its uuid and type, and sign it with that device's secret or that consumer app's API key";

	private final Accounts accounts;

	private final Duration maxLifetime;

	private final Duration clockSkew;

	private final boolean pairingEnabled;

	private final Clock clock = Clock.systemUTC();

	/**
	 * Checked instead of an account's secret when there is no account, so that refusing
	 * takes as long.
	 */
	private final String decoySecret;

	LoginTokenVerifier(Accounts accounts, ExpServerProperties properties) {
		this.accounts = accounts;
		this.maxLifetime = properties.getLogin().getMaxTokenLifetime();
		this.clockSkew = properties.getLogin().getClockSkew();
		this.pairingEnabled = properties.getPairing().isEnabled();
		this.decoySecret = TokenService.randomKey();
	}

	/**
	 * Returns the uuid a login token claims, before anything is checked, to count its
	 * failures.
	 * @param token the login token
	 * @return the claimed uuid, if the token is a JWT that has one
	 */
	static Optional<String> claimedUuid(String token) {
		try {
			return Optional.ofNullable(SignedJWT.parse(token).getJWTClaimsSet().getClaim("uuid"))
				.filter(String.class::isInstance)
				.map(String.class::cast);
		}
		catch (ParseException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Checks a login token.
	 * @param token the login token
	 * @return the device or consumer app it proves, or a pairing identity
	 * @throws BadCredentialsException when the token is refused
	 */
	Identity verify(String token) {
		SignedJWT jwt;
		JWTClaimsSet claims;
		try {
			jwt = SignedJWT.parse(token);
			claims = jwt.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new BadCredentialsException(
					"The login token is not a signed JWT with valid claims (exp and nbf are numbers of seconds)");
		}
		if (!(claims.getClaim("uuid") instanceof String uuid && claims.getClaim("type") instanceof String type
				&& SIGNER_TYPES.contains(type))) {
			throw new BadCredentialsException("The login token must carry uuid and type device or consumerApp");
		}
		checkTimes(claims);
		Optional<Accounts.Account> account = this.accounts.signer(uuid);
		Optional<Accounts.Account> ofType = account.filter((candidate) -> candidate.identity().type().equals(type));
		boolean signed = verifies(jwt, ofType.map(Accounts.Account::secret).orElse(this.decoySecret));
		if (ofType.isPresent() && signed) {
			return ofType.get().identity();
		}
		if (account.isEmpty() && this.pairingEnabled && Identity.DEVICE.equals(type)
				&& Boolean.TRUE.equals(claims.getClaim("allowPairing"))) {
			return new Identity(uuid, Identity.DEVICE, LoginService.PAIRING_ORGANIZATION, null);
		}
		throw new BadCredentialsException(NOT_RECOGNIZED);
	}

	private void checkTimes(JWTClaimsSet claims) {
		Instant now = this.clock.instant();
		Date exp = claims.getExpirationTime();
		if (exp == null) {
			throw new BadCredentialsException("The login token must carry exp, when it expires in seconds since the"
					+ " epoch, at most " + this.maxLifetime.toSeconds() + " seconds ahead");
		}
		if (exp.toInstant().isBefore(now.minus(this.clockSkew))) {
			throw new BadCredentialsException("The login token has expired: sign a new one for each login");
		}
		if (exp.toInstant().isAfter(now.plus(this.maxLifetime).plus(this.clockSkew))) {
			throw new BadCredentialsException("The login token's exp is more than " + this.maxLifetime.toSeconds()
					+ " seconds ahead: give it in seconds (not milliseconds) since the epoch, and sooner");
		}
		Date nbf = claims.getNotBeforeTime();
		if (nbf != null && nbf.toInstant().isAfter(now.plus(this.clockSkew))) {
			throw new BadCredentialsException(
					"The login token is not valid yet (nbf is ahead of the server's clock): check the device's clock");
		}
	}

	private static boolean verifies(SignedJWT jwt, String secret) {
		try {
			return JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
					&& jwt.verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (JOSEException ex) {
			return false;
		}
	}

}
