package io.exp.client.bus;

/**
 * Finds the channel of the responders a request on a well-known channel is meant for.
 * Each identity resolves the well-known channels for itself (see
 * {@code docs/protocol.md}): a user without an experience asks a device on the channel
 * literally named {@code experience}, while the device registered its responder on its
 * experience's own channel. So a request on the organization's literal {@code experience}
 * or {@code location} channel reaches the responders of this identity's
 * {@link ExpEventBus#experience()} or {@link ExpEventBus#location()}. The {@code system}
 * and {@code organization} channels are the same channel for every identity and need no
 * such step.
 */
final class WellKnownRequests {

	private final ChannelScope scope;

	WellKnownRequests(ChannelScope scope) {
		this.scope = scope;
	}

	/**
	 * Returns the id of this identity's own well-known channel that a request's channel
	 * stands for.
	 * @param requestChannelId the channel id the request was sent on
	 * @return the id of this identity's experience or location channel, or the request's
	 * own channel id
	 */
	String respondingChannelId(String requestChannelId) {
		if (requestChannelId.equals(literalId("experience"))) {
			return literalId(this.scope.experience());
		}
		if (requestChannelId.equals(literalId("location"))) {
			return literalId(this.scope.location());
		}
		return requestChannelId;
	}

	private String literalId(String name) {
		return this.scope.channelId(name, false, false);
	}

}
