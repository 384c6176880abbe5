package io.exp.server.bus;

import java.security.Principal;
import java.util.Set;

import io.exp.server.auth.Identity;
import io.exp.server.auth.InvalidTokenException;
import io.exp.server.auth.TokenService;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * Authenticates {@code CONNECT} with {@code Authorization: Bearer <token>}, accepts only
 * the commands a STOMP client may send (never {@code MESSAGE}, {@code RECEIPT},
 * {@code ERROR} or {@code CONNECTED}, which would otherwise reach the broker as they are;
 * no transactions), none but {@code CONNECT} before the session is authenticated, and
 * only the destinations of the protocol on {@code SUBSCRIBE} and {@code SEND}. A refusal
 * becomes a STOMP {@code ERROR} frame with a {@code code} header ({@link BusRefusal}) and
 * the connection closes.
 */
class StompAccessInterceptor implements ChannelInterceptor {

	static final String TOPIC_PREFIX = "/topic/channel.";

	private static final Set<String> USER_QUEUES = Set.of("/user/queue/requests", "/user/queue/responses",
			"/user/queue/errors");

	private static final Set<StompCommand> AUTHENTICATED_COMMANDS = Set.of(StompCommand.SUBSCRIBE,
			StompCommand.UNSUBSCRIBE, StompCommand.SEND, StompCommand.ACK, StompCommand.NACK);

	private static final Set<String> APP_DESTINATIONS = Set.of("/app/broadcast", "/app/request", "/app/response");

	private final TokenService tokens;

	StompAccessInterceptor(TokenService tokens) {
		this.tokens = tokens;
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (accessor == null || accessor.getCommand() == null) {
			return message;
		}
		StompCommand command = accessor.getCommand();
		if (command == StompCommand.DISCONNECT) {
			return message;
		}
		if (command == StompCommand.CONNECT || command == StompCommand.STOMP) {
			if (accessor.getUser() instanceof BusPrincipal) {
				throw new BusRefusal("session.connected", "This session is already connected");
			}
			accessor.setUser(authenticate(accessor.getFirstNativeHeader("Authorization")));
			return message;
		}
		if (!AUTHENTICATED_COMMANDS.contains(command)) {
			throw new BusRefusal("command.forbidden", command + " is not a command clients may send: send CONNECT, "
					+ "SUBSCRIBE, UNSUBSCRIBE, SEND, ACK, NACK or DISCONNECT (transactions are not supported)");
		}
		BusPrincipal principal = principal(accessor);
		if (command == StompCommand.SUBSCRIBE) {
			checkSubscription(principal, accessor.getDestination());
		}
		else if (command == StompCommand.SEND) {
			if (!APP_DESTINATIONS.contains(accessor.getDestination())) {
				throw new BusRefusal("destination.forbidden", "Cannot send to " + accessor.getDestination()
						+ ": send to /app/broadcast, /app/request or /app/response");
			}
		}
		return message;
	}

	private BusPrincipal authenticate(@Nullable String authorization) {
		String token = TokenService.bearerToken(authorization);
		if (token == null) {
			throw new BusRefusal("auth.invalidToken", "CONNECT needs the header 'Authorization:Bearer <token>'");
		}
		try {
			Identity identity = this.tokens.verify(token);
			if (hasControlCharacters(identity.uuid()) || hasControlCharacters(identity.organization())
					|| hasControlCharacters(identity.type())) {
				throw new BusRefusal("auth.invalidToken", "The token names an identity with control characters");
			}
			return new BusPrincipal(identity);
		}
		catch (InvalidTokenException ex) {
			throw new BusRefusal("auth.invalidToken", ex.getMessage());
		}
	}

	private static boolean hasControlCharacters(String text) {
		return text.chars().anyMatch((c) -> c < 0x20 || c == 0x7f);
	}

	private static BusPrincipal principal(StompHeaderAccessor accessor) {
		Principal user = accessor.getUser();
		if (!(user instanceof BusPrincipal principal)) {
			throw new BusRefusal("auth.required", "Send CONNECT with a token first");
		}
		return principal;
	}

	private static void checkSubscription(BusPrincipal principal, @Nullable String destination) {
		if (destination != null && USER_QUEUES.contains(destination)) {
			return;
		}
		if (destination == null || !destination.startsWith(TOPIC_PREFIX)) {
			throw new BusRefusal("destination.forbidden", "Cannot subscribe to " + destination
					+ ": subscribe to /topic/channel.{channelId} or /user/queue/{requests,responses,errors}");
		}
		try {
			ChannelAccess.check(principal.identity(), destination.substring(TOPIC_PREFIX.length()), false);
		}
		catch (BusException ex) {
			throw new BusRefusal(ex.getCode(), "Cannot subscribe to " + destination + ": " + ex.getMessage());
		}
	}

}
