package io.exp.server.auth;

import java.time.Clock;

import io.exp.server.ExpServerProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * How often a client may try to log in: failed logins are counted per account and per
 * client address, pairing logins per client address, and either refused with
 * {@link TooManyLoginsException} once at their limit. Successful logins are not counted,
 * so clients that log in often and right are never throttled.
 */
@Component
class LoginThrottle {

	/**
	 * Longest account key kept: longer names are cut, which can only make their
	 * throttling stricter.
	 */
	private static final int MAX_KEY_LENGTH = 256;

	private final AttemptLimiter accountFailures;

	private final AttemptLimiter addressFailures;

	private final AttemptLimiter pairingLogins;

	LoginThrottle(ExpServerProperties properties) {
		ExpServerProperties.Login login = properties.getLogin();
		ExpServerProperties.Pairing pairing = properties.getPairing();
		Clock clock = Clock.systemUTC();
		Assert.isTrue(login.getMaxFailuresPerAccount() > 0,
				"exp.server.login.max-failures-per-account must be positive");
		Assert.isTrue(login.getMaxFailuresPerAddress() > 0,
				"exp.server.login.max-failures-per-address must be positive");
		Assert.isTrue(login.getMaxTrackedFailures() > 0, "exp.server.login.max-tracked-failures must be positive");
		Assert.isTrue(pairing.getMaxLoginsPerAddress() > 0,
				"exp.server.pairing.max-logins-per-address must be positive");
		this.accountFailures = new AttemptLimiter(login.getMaxFailuresPerAccount(), login.getFailureWindow(),
				login.getMaxTrackedFailures(), clock);
		this.addressFailures = new AttemptLimiter(login.getMaxFailuresPerAddress(), login.getFailureWindow(),
				login.getMaxTrackedFailures(), clock);
		this.pairingLogins = new AttemptLimiter(pairing.getMaxLoginsPerAddress(), pairing.getWindow(),
				login.getMaxTrackedFailures(), clock);
	}

	/**
	 * Refuses a login attempt from an address or for an account that failed too often.
	 * @param address the client's address
	 * @param account the account the attempt names, if it names one
	 * @throws TooManyLoginsException when either reached its limit of failures
	 */
	void checkAllowed(String address, @Nullable String account) {
		this.addressFailures.retryAfter(address).ifPresent((wait) -> {
			throw new TooManyLoginsException("Too many failed logins from this address", wait);
		});
		if (account != null) {
			this.accountFailures.retryAfter(key(account)).ifPresent((wait) -> {
				throw new TooManyLoginsException("Too many failed logins of this account", wait);
			});
		}
	}

	/**
	 * Counts a failed login.
	 * @param address the client's address
	 * @param account the account the attempt named, if it named one
	 */
	void recordFailure(String address, @Nullable String account) {
		this.addressFailures.record(address);
		if (account != null) {
			this.accountFailures.record(key(account));
		}
	}

	/**
	 * Counts a pairing login, refusing it when the address paired too often.
	 * @param address the client's address
	 * @throws TooManyLoginsException when the address reached its limit of pairing logins
	 */
	void countPairing(String address) {
		this.pairingLogins.retryAfter(address).ifPresent((wait) -> {
			throw new TooManyLoginsException("Too many pairing logins from this address", wait);
		});
		this.pairingLogins.record(address);
	}

	private static String key(String account) {
		return (account.length() > MAX_KEY_LENGTH) ? account.substring(0, MAX_KEY_LENGTH) : account;
	}

}
