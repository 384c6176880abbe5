package io.exp.server.bus;

import io.exp.server.auth.Identity;

/**
 * Who may use which channel: only the caller's organization; consumer apps only consumer channels; system channels
 * are listen-only.
 */
final class ChannelAccess {

	private ChannelAccess() {
	}

	static ChannelId check(Identity identity, String channelId, boolean publishing) {
		ChannelId channel = ChannelId.decode(channelId);
		if (!channel.organization().equals(identity.organization())) {
			throw new BusException("channel.forbidden", "Channel of another organization");
		}
		if (identity.isConsumer() && !channel.consumer()) {
			throw new BusException("channel.forbidden", "Consumer apps may only use consumer channels");
		}
		if (publishing && channel.system()) {
			throw new BusException("channel.forbidden", "System channels are listen-only");
		}
		return channel;
	}

}
