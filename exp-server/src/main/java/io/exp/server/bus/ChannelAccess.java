package io.exp.server.bus;

import io.exp.server.auth.Identity;
import io.exp.server.auth.LoginService;

/**
 * Who may use which channel: only the caller's organization; consumer apps only consumer
 * channels; system channels are listen-only. A pairing device (which belongs to no
 * organization) may only listen on its own pairing channel, {@code ["", its uuid, 0, 0]},
 * where any user can reach it, and shares no channel with anybody else.
 */
final class ChannelAccess {

	private ChannelAccess() {
	}

	static ChannelId check(Identity identity, String channelId, boolean publishing) {
		ChannelId channel = ChannelId.decode(channelId);
		if (identity.isPairing()) {
			if (publishing || !channel.equals(pairingChannel(identity.uuid()))) {
				throw new BusException("channel.forbidden",
						"A pairing device may only listen on its own pairing channel");
			}
			return channel;
		}
		if (channel.organization().equals(LoginService.PAIRING_ORGANIZATION)) {
			if (!publishing || !Identity.USER.equals(identity.type()) || channel.system() || channel.consumer()) {
				throw new BusException("channel.forbidden", "Only users may send to a pairing device's channel");
			}
			return channel;
		}
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

	static ChannelId pairingChannel(String uuid) {
		return new ChannelId(LoginService.PAIRING_ORGANIZATION, uuid, false, false);
	}

}
