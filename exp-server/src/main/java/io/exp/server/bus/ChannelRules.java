package io.exp.server.bus;

import io.exp.server.auth.Identity;

/**
 * The bus's channel rules for other ways onto the same channels (the socket.io bridge):
 * who may listen on or send to which channel, and the STOMP destination a channel's
 * broadcasts travel on.
 *
 * @since 0.1.0
 */
public final class ChannelRules {

	/**
	 * The prefix of a channel's broadcast destination; the channel id (base64url)
	 * follows.
	 */
	public static final String TOPIC_PREFIX = StompAccessInterceptor.TOPIC_PREFIX;

	private ChannelRules() {
	}

	/**
	 * Checks that an identity may listen on, or send to, a channel, by the same rules as
	 * the STOMP bus.
	 * @param identity who listens or sends
	 * @param channelId the channel id (base64url)
	 * @param publishing whether to send rather than listen
	 * @return the channel
	 * @throws BusException {@code channel.invalid} or {@code channel.forbidden}
	 */
	public static ChannelId check(Identity identity, String channelId, boolean publishing) {
		return ChannelAccess.check(identity, channelId, publishing);
	}

}
