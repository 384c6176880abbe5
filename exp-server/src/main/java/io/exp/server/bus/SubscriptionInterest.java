package io.exp.server.bus;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * Counts the STOMP sessions' channel subscriptions in {@link ChannelInterests}: one
 * interest per accepted {@code SUBSCRIBE} to a channel, released by its
 * {@code UNSUBSCRIBE} or by the end of the session (a {@code DISCONNECT}, which Spring
 * also sends for a session that closes without one). Runs after the access rules and the
 * limits, so a refused subscription is never counted.
 */
final class SubscriptionInterest implements ChannelInterceptor {

	private final ChannelInterests interests;

	/** Per session, its channel subscriptions: subscription id to channel id. */
	private final Map<String, Map<String, String>> sessions = new ConcurrentHashMap<>();

	SubscriptionInterest(ChannelInterests interests) {
		this.interests = interests;
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (accessor == null || accessor.getSessionId() == null) {
			return message;
		}
		String sessionId = accessor.getSessionId();
		if (accessor.getCommand() == StompCommand.SUBSCRIBE) {
			String channelId = channelId(accessor.getDestination());
			if (channelId != null) {
				String previous = this.sessions.computeIfAbsent(sessionId, (key) -> new ConcurrentHashMap<>())
					.put(String.valueOf(accessor.getSubscriptionId()), channelId);
				this.interests.interest(channelId);
				if (previous != null) {
					this.interests.release(previous);
				}
			}
		}
		else if (accessor.getCommand() == StompCommand.UNSUBSCRIBE) {
			forget(sessionId, String.valueOf(accessor.getSubscriptionId()));
		}
		else if (accessor.getCommand() == StompCommand.DISCONNECT) {
			Map<String, String> subscriptions = this.sessions.remove(sessionId);
			if (subscriptions != null) {
				subscriptions.values().forEach(this.interests::release);
			}
		}
		return message;
	}

	@Override
	public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent, @Nullable Exception ex) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if ((!sent || ex != null) && accessor != null && accessor.getCommand() == StompCommand.SUBSCRIBE
				&& accessor.getSessionId() != null) {
			forget(accessor.getSessionId(), String.valueOf(accessor.getSubscriptionId()));
		}
	}

	/**
	 * Calls an action for every channel subscription of this node's sessions.
	 * @param action the action
	 */
	void forEachSubscription(SubscriptionAction action) {
		this.sessions.forEach((sessionId, subscriptions) -> subscriptions
			.forEach((subscriptionId, channelId) -> action.accept(sessionId, subscriptionId, channelId)));
	}

	private void forget(String sessionId, String subscriptionId) {
		Map<String, String> subscriptions = this.sessions.get(sessionId);
		String channelId = (subscriptions != null) ? subscriptions.remove(subscriptionId) : null;
		if (channelId != null) {
			this.interests.release(channelId);
		}
	}

	static @Nullable String channelId(@Nullable String destination) {
		return (destination != null && destination.startsWith(ChannelRules.TOPIC_PREFIX))
				? destination.substring(ChannelRules.TOPIC_PREFIX.length()) : null;
	}

	/** What is done for one channel subscription. */
	@FunctionalInterface
	interface SubscriptionAction {

		void accept(String sessionId, String subscriptionId, String channelId);

	}

}
