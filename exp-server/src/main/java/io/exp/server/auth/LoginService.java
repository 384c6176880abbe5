package io.exp.server.auth;

import java.text.ParseException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Checks login credentials of the three kinds and counts logins and refreshes.
 *
 * @since 0.1.0
 */
@Component
public class LoginService {

	/** Organization of a device that logs in unknown with {@code allowPairing}: it sees no resources. */
	public static final String PAIRING_ORGANIZATION = "";

	private static final long MILLISECONDS_THRESHOLD = 100_000_000_000L;

	private final Accounts accounts;

	private final AtomicLong logins = new AtomicLong();

	private final AtomicLong refreshes = new AtomicLong();

	LoginService(Accounts accounts) {
		this.accounts = accounts;
	}

	/**
	 * Checks a login body: {@code {username, password, organization}} or {@code {token}}.
	 * @param body the login request's body
	 * @return the identity that logged in
	 * @throws BadCredentialsException when the credentials are wrong or incomplete
	 */
	public Identity login(Map<String, Object> body) {
		this.logins.incrementAndGet();
		Object token = body.get("token");
		if (token instanceof String jwt) {
			return signed(jwt);
		}
		String username = text(body, "username");
		String password = text(body, "password");
		String organization = (text(body, "organization") != null) ? text(body, "organization") : text(body, "org");
		if (username == null || password == null || organization == null) {
			throw new BadCredentialsException(
					"Send either {username, password, organization} or {token} signed by a device or consumer app");
		}
		return this.accounts.user(organization, username)
			.filter((account) -> account.secret().equals(password))
			.map(Accounts.Account::identity)
			.orElseThrow(() -> new BadCredentialsException("Wrong username, password or organization"));
	}

	/**
	 * Counts a token refresh.
	 */
	public void countRefresh() {
		this.refreshes.incrementAndGet();
	}

	/**
	 * Returns how many logins were tried.
	 * @return the number of login requests
	 */
	public long getLoginCount() {
		return this.logins.get();
	}

	/**
	 * Returns how many token refreshes were asked for.
	 * @return the number of refresh requests
	 */
	public long getRefreshCount() {
		return this.refreshes.get();
	}

	private Identity signed(String token) {
		JWTClaimsSet claims;
		SignedJWT jwt;
		try {
			jwt = SignedJWT.parse(token);
			claims = jwt.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new BadCredentialsException("The login token is not a signed JWT");
		}
		Object uuid = claims.getClaim("uuid");
		Object type = claims.getClaim("type");
		if (!(uuid instanceof String id) || !(Identity.DEVICE.equals(type) || Identity.CONSUMER_APP.equals(type))) {
			throw new BadCredentialsException("The login token must carry uuid and type device or consumerApp");
		}
		checkExpiration(claims.getClaim("exp"));
		Accounts.Account account = this.accounts.signer(id).orElse(null);
		if (account == null || !account.identity().type().equals(type)) {
			if (Identity.DEVICE.equals(type) && Boolean.TRUE.equals(claims.getClaim("allowPairing"))) {
				return new Identity(id, Identity.DEVICE, PAIRING_ORGANIZATION, null);
			}
			throw new BadCredentialsException("Unknown " + type + " " + id);
		}
		if (!verifies(jwt, account.secret())) {
			throw new BadCredentialsException("The login token's signature does not match the " + type + "'s secret");
		}
		return account.identity();
	}

	private static void checkExpiration(@Nullable Object exp) {
		if (exp instanceof Number number) {
			long value = number.longValue();
			long epochMillis = (value > MILLISECONDS_THRESHOLD) ? value : value * 1000;
			if (epochMillis < Instant.now().toEpochMilli()) {
				throw new BadCredentialsException("The login token has expired");
			}
		}
		else if (exp instanceof java.util.Date date && date.toInstant().isBefore(Instant.now())) {
			throw new BadCredentialsException("The login token has expired");
		}
	}

	private static boolean verifies(SignedJWT jwt, String secret) {
		try {
			return JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
					&& jwt.verify(new MACVerifier(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (JOSEException ex) {
			return false;
		}
	}

	private static @Nullable String text(Map<String, Object> body, String name) {
		return (body.get(name) instanceof String value && !value.isBlank()) ? value : null;
	}

}
