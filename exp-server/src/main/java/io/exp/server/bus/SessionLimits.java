package io.exp.server.bus;

import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * Caps what one client may hold on this node: open connections per identity and
 * subscriptions per session. A {@code CONNECT} or {@code SUBSCRIBE} past a cap is refused
 * with an {@code ERROR} frame that names the property.
 */
final class SessionLimits implements ChannelInterceptor {

	private final ConnectionsPerIdentity<String> sessions;

	private final int maxSubscriptions;

	private final Map<String, Set<String>> subscriptionsBySession = new ConcurrentHashMap<>();

	SessionLimits(int maxConnectionsPerIdentity, int maxSubscriptions) {
		this.sessions = new ConnectionsPerIdentity<>(maxConnectionsPerIdentity);
		this.maxSubscriptions = maxSubscriptions;
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (accessor == null || accessor.getCommand() == null || accessor.getSessionId() == null) {
			return message;
		}
		String sessionId = accessor.getSessionId();
		StompCommand command = accessor.getCommand();
		if (command == StompCommand.CONNECT || command == StompCommand.STOMP) {
			connect(accessor.getUser(), sessionId);
		}
		else if (command == StompCommand.SUBSCRIBE) {
			subscribe(sessionId, String.valueOf(accessor.getSubscriptionId()));
		}
		else if (command == StompCommand.UNSUBSCRIBE) {
			Set<String> subscriptions = this.subscriptionsBySession.get(sessionId);
			if (subscriptions != null) {
				subscriptions.remove(String.valueOf(accessor.getSubscriptionId()));
			}
		}
		else if (command == StompCommand.DISCONNECT) {
			disconnect(accessor.getUser(), sessionId);
		}
		return message;
	}

	private void connect(@Nullable Principal user, String sessionId) {
		if (!(user instanceof BusPrincipal principal)) {
			return;
		}
		if (!this.sessions.open(principal.identity(), sessionId)) {
			throw new BusRefusal("limit.connections", "This identity already has " + this.sessions.max()
					+ " open connections (exp.server.bus.max-connections-per-identity)");
		}
		this.subscriptionsBySession.put(sessionId, ConcurrentHashMap.newKeySet());
	}

	private void subscribe(String sessionId, String subscriptionId) {
		Set<String> subscriptions = this.subscriptionsBySession.computeIfAbsent(sessionId,
				(key) -> ConcurrentHashMap.newKeySet());
		if (!subscriptions.contains(subscriptionId) && subscriptions.size() >= this.maxSubscriptions) {
			throw new BusRefusal("limit.subscriptions", "This connection already has " + subscriptions.size()
					+ " subscriptions (exp.server.bus.max-subscriptions)");
		}
		subscriptions.add(subscriptionId);
	}

	private void disconnect(@Nullable Principal user, String sessionId) {
		this.subscriptionsBySession.remove(sessionId);
		if (user instanceof BusPrincipal principal) {
			this.sessions.close(principal.identity(), sessionId);
		}
	}

}
