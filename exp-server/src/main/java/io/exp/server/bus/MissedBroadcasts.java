package io.exp.server.bus;

import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * Tells every channel subscription of this node's sessions, with the discontinuity frame,
 * that broadcasts were missed for good: the node read on after a gap in the broadcasts
 * the nodes share (more were published while it did not read than the broker kept for it:
 * on Artemis, {@link SequencedBroadcasts}; on a RabbitMQ stream,
 * {@link BroadcastStream}), and any channel may have had broadcasts in the gap. A
 * subscription made while the node was behind, resumed or not, would otherwise go on
 * after the gap in silence.
 */
final class MissedBroadcasts {

	private final SubscriptionInterest subscriptions;

	private final DiscontinuityFrames frames;

	/**
	 * @param subscriptions the channel subscriptions of this node's sessions
	 * @param frames sends the discontinuity frame
	 */
	MissedBroadcasts(SubscriptionInterest subscriptions, DiscontinuityFrames frames) {
		this.subscriptions = subscriptions;
		this.frames = frames;
	}

	/**
	 * Sends every channel subscription the discontinuity frame; call before delivering
	 * the first broadcast after the gap.
	 * @param oldest the serial of the first broadcast after the gap
	 */
	void missedBefore(Serial oldest) {
		send((channelId) -> true, oldest);
	}

	/**
	 * Sends every subscription to some channels the discontinuity frame, without
	 * {@value DiscontinuityFrames#OLDEST}; call before delivering the first broadcast
	 * after the gap.
	 * @param channelIds the channels that may have had broadcasts in the gap
	 */
	void missedOn(Predicate<String> channelIds) {
		send(channelIds, null);
	}

	private void send(Predicate<String> channelIds, @Nullable Serial oldest) {
		this.subscriptions.forEachSubscription((sessionId, subscriptionId, channelId) -> {
			if (channelIds.test(channelId)) {
				this.frames.send(sessionId, subscriptionId, channelId, oldest);
			}
		});
	}

}
