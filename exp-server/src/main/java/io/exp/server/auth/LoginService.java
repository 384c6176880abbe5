package io.exp.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Checks login credentials of the three kinds, throttled by {@link LoginThrottle}, and
 * counts logins and refreshes.
 *
 * @since 0.1.0
 */
@Component
public class LoginService {

	/**
	 * Organization of a device that logs in unknown with {@code allowPairing}: it sees no
	 * resources.
	 */
	public static final String PAIRING_ORGANIZATION = "";

	private static final String WRONG_USER = "Wrong username, password or organization";

	private final Accounts accounts;

	private final LoginTokenVerifier loginTokens;

	private final LoginThrottle throttle;

	private final AtomicLong logins = new AtomicLong();

	private final AtomicLong refreshes = new AtomicLong();

	LoginService(Accounts accounts, LoginTokenVerifier loginTokens, LoginThrottle throttle) {
		this.accounts = accounts;
		this.loginTokens = loginTokens;
		this.throttle = throttle;
	}

	/**
	 * Checks a login body: {@code {username, password, organization}} or {@code {token}}.
	 * @param body the login request's body
	 * @param address the client's address, whose failures are counted
	 * @return the identity that logged in
	 * @throws BadCredentialsException when the credentials are wrong or incomplete
	 * @throws TooManyLoginsException when the address or the account failed too often, or
	 * the address paired too often
	 */
	public Identity login(Map<String, Object> body, String address) {
		this.logins.incrementAndGet();
		String account = accountOf(body);
		this.throttle.checkAllowed(address, account);
		Identity identity;
		try {
			identity = authenticate(body);
		}
		catch (BadCredentialsException ex) {
			this.throttle.recordFailure(address, account);
			throw ex;
		}
		if (identity.isPairing()) {
			this.throttle.countPairing(address);
		}
		return identity;
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

	private Identity authenticate(Map<String, Object> body) {
		if (body.get("token") instanceof String token) {
			return this.loginTokens.verify(token);
		}
		String username = text(body, "username");
		String password = text(body, "password");
		String organization = organizationOf(body);
		if (username == null || password == null || organization == null) {
			throw new BadCredentialsException(
					"Send either {username, password, organization} or {token} signed by a device or consumer app");
		}
		return this.accounts.user(organization, username)
			.filter((account) -> sameSecret(account.secret(), password))
			.map(Accounts.Account::identity)
			.orElseThrow(() -> new BadCredentialsException(WRONG_USER));
	}

	/**
	 * Names the account a login body tries, to count its failures: a user of an
	 * organization, or the uuid a login token claims.
	 */
	private static @Nullable String accountOf(Map<String, Object> body) {
		if (body.get("token") instanceof String token) {
			return LoginTokenVerifier.claimedUuid(token).map((uuid) -> "signer " + uuid).orElse(null);
		}
		String username = text(body, "username");
		String organization = organizationOf(body);
		return (username != null && organization != null) ? "user " + organization + '\u0000' + username : null;
	}

	private static boolean sameSecret(String expected, String given) {
		return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
	}

	private static @Nullable String organizationOf(Map<String, Object> body) {
		String organization = text(body, "organization");
		return (organization != null) ? organization : text(body, "org");
	}

	private static @Nullable String text(Map<String, Object> body, String name) {
		return (body.get(name) instanceof String value && !value.isBlank()) ? value : null;
	}

}
