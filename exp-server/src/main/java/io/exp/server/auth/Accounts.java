package io.exp.server.auth;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The accounts that can log in: users with passwords, devices with secrets and consumer
 * apps with API keys.
 *
 * @since 0.1.0
 */
@Component
public class Accounts {

	private final Map<String, Account> users = new ConcurrentHashMap<>();

	private final Map<String, Account> signers = new ConcurrentHashMap<>();

	/**
	 * Adds a user.
	 * @param organization the user's organization
	 * @param uuid the user's uuid
	 * @param username the user's name
	 * @param password the user's password
	 */
	public void addUser(String organization, String uuid, String username, String password) {
		this.users.put(organization + '\u0000' + username,
				new Account(new Identity(uuid, Identity.USER, organization, username), password));
	}

	/**
	 * Adds a device or consumer app, which logs in with a token signed with its secret.
	 * @param identity the device or consumer app
	 * @param secret its secret or API key
	 */
	public void addSigner(Identity identity, String secret) {
		this.signers.put(identity.uuid(), new Account(identity, secret));
	}

	Optional<Account> user(String organization, String username) {
		return Optional.ofNullable(this.users.get(organization + '\u0000' + username));
	}

	Optional<Account> signer(String uuid) {
		return Optional.ofNullable(this.signers.get(uuid));
	}

	/**
	 * An identity and the secret it proves itself with.
	 *
	 * @param identity the identity
	 * @param secret its password, device secret or API key
	 */
	record Account(Identity identity, String secret) {

		@Override
		public String toString() {
			return "Account[identity=" + this.identity + "]";
		}

	}

}
