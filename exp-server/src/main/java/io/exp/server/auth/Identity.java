package io.exp.server.auth;

import org.jspecify.annotations.Nullable;

/**
 * Who a token speaks for.
 *
 * @param uuid the user's, device's or consumer app's uuid
 * @param type {@code "user"}, {@code "device"} or {@code "consumerApp"}
 * @param organization the organization the identity belongs to
 * @param username the user's name, for users only
 * @since 0.1.0
 */
public record Identity(String uuid, String type, String organization, @Nullable String username) {

	/** The type of users. */
	public static final String USER = "user";

	/** The type of devices. */
	public static final String DEVICE = "device";

	/** The type of consumer apps. */
	public static final String CONSUMER_APP = "consumerApp";

	/**
	 * Whether this identity is a consumer app, which may only use consumer channels.
	 * @return {@code true} for a consumer app
	 */
	public boolean isConsumer() {
		return CONSUMER_APP.equals(this.type);
	}

	/**
	 * Whether this identity is a device that logged in unknown, to be paired: it may see
	 * and change nothing and shares no channel with any other identity.
	 * @return {@code true} for a pairing device
	 */
	public boolean isPairing() {
		return LoginService.PAIRING_ORGANIZATION.equals(this.organization);
	}

}
