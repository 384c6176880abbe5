package io.exp.client.auth;

import org.jspecify.annotations.Nullable;

/**
 * Who a token speaks for, as the auth payload's {@code identity} describes it.
 *
 * @param uuid the identity's uuid (a user's, device's or consumer app's)
 * @param type {@code "user"}, {@code "device"} or {@code "consumerApp"}
 * @param organization the organization the identity belongs to
 * @param username the user's name, for users only
 * @since 0.1.0
 */
public record ExpIdentity(String uuid, String type, String organization, @Nullable String username) {

	/**
	 * Whether this identity is a device.
	 * @return {@code true} for a device
	 */
	public boolean isDevice() {
		return "device".equals(this.type);
	}

	/**
	 * Whether this identity is a consumer app, which may only use consumer channels.
	 * @return {@code true} for a consumer app
	 */
	public boolean isConsumer() {
		return "consumerApp".equals(this.type);
	}

}
