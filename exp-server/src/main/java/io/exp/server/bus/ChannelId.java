package io.exp.server.bus;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A channel: {@code (organization, name, system, consumer)}, named on the wire by the
 * base64url (no padding) of the compact JSON array
 * {@code [organization, name, system, consumer]} with the flags as 0 or 1.
 *
 * @param organization the channel's organization
 * @param name the channel's name
 * @param system whether it is a system channel
 * @param consumer whether it is a consumer channel
 * @since 0.1.0
 */
public record ChannelId(String organization, String name, boolean system, boolean consumer) {

	private static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Decodes a channel id.
	 * @param id the channel id
	 * @return the channel
	 * @throws BusException when the id is not a valid channel id
	 */
	public static ChannelId decode(String id) {
		try {
			JsonNode array = json.readTree(Base64.getUrlDecoder().decode(id));
			if (array.isArray() && array.size() == 4 && array.get(0).isString() && array.get(1).isString()
					&& array.get(2).isInt() && array.get(3).isInt()) {
				return new ChannelId(array.get(0).asString(), array.get(1).asString(), array.get(2).asInt() == 1,
						array.get(3).asInt() == 1);
			}
		}
		catch (IllegalArgumentException | JacksonException ex) {
			// answered below
		}
		throw new BusException("channel.invalid", "Not a channel id: " + id);
	}

	/**
	 * Encodes this channel as its id.
	 * @return the channel id
	 */
	public String encode() {
		String array = json.writeValueAsString(
				new Object[] { this.organization, this.name, this.system ? 1 : 0, this.consumer ? 1 : 0 });
		return Base64.getUrlEncoder().withoutPadding().encodeToString(array.getBytes(StandardCharsets.UTF_8));
	}

}
