package io.exp.server.socketio;

import java.util.Base64;

/**
 * The original SDKs name a channel by the standard, padded base64 of the same JSON array
 * the bus encodes in base64url without padding; these convert between the two spellings.
 */
final class SdkChannelIds {

	private SdkChannelIds() {
	}

	/**
	 * Spells an SDK channel id (or an id already in base64url) as the bus does; the
	 * result still has to be checked.
	 */
	static String toBus(String sdkId) {
		String id = sdkId.replace('+', '-').replace('/', '_');
		int end = id.length();
		while (end > 0 && id.charAt(end - 1) == '=') {
			end--;
		}
		return id.substring(0, end);
	}

	/**
	 * Spells a bus channel id as the SDKs do; an id that is not base64url is returned
	 * unchanged.
	 */
	static String toSdk(String busId) {
		try {
			return Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(busId));
		}
		catch (IllegalArgumentException ex) {
			return busId;
		}
	}

}
