package io.exp.client.bus;

import java.util.Base64;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * Names channels on the wire: base64url, without padding, of
 * {@code [organization, name, system, consumer]}.
 */
final class ChannelIds {

	private static final JsonMapper json = JsonMapper.builder().build();

	private ChannelIds() {
	}

	static String encode(String organization, String name, boolean system, boolean consumer) {
		byte[] array = json.writeValueAsBytes(List.of(organization, name, system ? 1 : 0, consumer ? 1 : 0));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(array);
	}

}
