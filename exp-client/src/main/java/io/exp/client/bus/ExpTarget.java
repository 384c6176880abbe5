package io.exp.client.bus;

import java.util.Map;

/**
 * The target of a request: a device, or any identity, by uuid.
 *
 * @param key {@code device} or {@code uuid}
 * @param uuid the target's uuid
 * @since 0.1.0
 */
public record ExpTarget(String key, String uuid) {

	/**
	 * Targets a device, as the EXP Python SDK's {@code target={"device": uuid}}.
	 * @param uuid the device's uuid
	 * @return the target
	 */
	public static ExpTarget device(String uuid) {
		return new ExpTarget("device", uuid);
	}

	/**
	 * Targets any identity by uuid.
	 * @param uuid the identity's uuid
	 * @return the target
	 */
	public static ExpTarget uuid(String uuid) {
		return new ExpTarget("uuid", uuid);
	}

	Map<String, String> toJson() {
		return Map.of(this.key, this.uuid);
	}

}
