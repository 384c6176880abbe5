package io.exp.client.auth;

import org.springframework.util.Assert;

/**
 * The credentials an EXP client logs in with: a user, a device or a consumer app, as in
 * the EXP SDKs.
 * <p>
 * Implementations never reveal their secret in {@link Object#toString()}.
 *
 * @since 0.1.0
 */
public sealed interface ExpCredentials permits ExpCredentials.User, ExpCredentials.Device, ExpCredentials.ConsumerApp {

	/**
	 * Returns the human-readable kind of these credentials, used in error messages.
	 * @return {@code "user"}, {@code "device"} or {@code "consumer app"}
	 */
	String kind();

	/**
	 * Creates user credentials.
	 * @param username the user's name, usually an email address
	 * @param password the user's password
	 * @param organization the organization to log in to
	 * @return the credentials
	 */
	static User user(String username, String password, String organization) {
		return new User(username, password, organization);
	}

	/**
	 * Creates device credentials.
	 * @param uuid the device's uuid
	 * @param secret the device's secret, used to sign the login token
	 * @param allowPairing whether an unknown device may log in to be paired
	 * @return the credentials
	 */
	static Device device(String uuid, String secret, boolean allowPairing) {
		return new Device(uuid, secret, allowPairing);
	}

	/**
	 * Creates consumer app credentials.
	 * @param uuid the consumer app's uuid
	 * @param apiKey the consumer app's API key, used to sign the login token
	 * @return the credentials
	 */
	static ConsumerApp consumerApp(String uuid, String apiKey) {
		return new ConsumerApp(uuid, apiKey);
	}

	/**
	 * A user logging in with a username, a password and an organization.
	 *
	 * @param username the user's name
	 * @param password the user's password
	 * @param organization the organization
	 */
	record User(String username, String password, String organization) implements ExpCredentials {

		public User {
			Assert.hasText(username, "username must not be empty");
			Assert.hasText(password, "password must not be empty");
			Assert.hasText(organization, "organization must not be empty");
		}

		@Override
		public String kind() {
			return "user";
		}

		@Override
		public String toString() {
			return "User[username=" + this.username + ", organization=" + this.organization + "]";
		}

	}

	/**
	 * A device logging in with its uuid and secret.
	 *
	 * @param uuid the device's uuid
	 * @param secret the device's secret
	 * @param allowPairing whether an unknown device may log in to be paired
	 */
	record Device(String uuid, String secret, boolean allowPairing) implements ExpCredentials {

		public Device {
			Assert.hasText(uuid, "uuid must not be empty");
			Assert.hasText(secret, "secret must not be empty");
		}

		@Override
		public String kind() {
			return "device";
		}

		@Override
		public String toString() {
			return "Device[uuid=" + this.uuid + ", allowPairing=" + this.allowPairing + "]";
		}

	}

	/**
	 * A consumer app logging in with its uuid and API key.
	 *
	 * @param uuid the consumer app's uuid
	 * @param apiKey the consumer app's API key
	 */
	record ConsumerApp(String uuid, String apiKey) implements ExpCredentials {

		public ConsumerApp {
			Assert.hasText(uuid, "uuid must not be empty");
			Assert.hasText(apiKey, "apiKey must not be empty");
		}

		@Override
		public String kind() {
			return "consumer app";
		}

		@Override
		public String toString() {
			return "ConsumerApp[uuid=" + this.uuid + "]";
		}

	}

}
