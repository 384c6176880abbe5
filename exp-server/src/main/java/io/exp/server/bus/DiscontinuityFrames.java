package io.exp.server.bus;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

/**
 * Sends a channel subscription the {@code MESSAGE} frame marked {@value #DISCONTINUITY}:
 * broadcasts of the channel were missed for good, and will not be replayed.
 */
final class DiscontinuityFrames {

	/**
	 * The header of the frame that says broadcasts of the channel were missed for good.
	 */
	static final String DISCONTINUITY = "exp-discontinuity";

	/**
	 * The header, on the discontinuity frame, of the oldest serial still held for the
	 * channel.
	 */
	static final String OLDEST = "exp-oldest-serial";

	private final Supplier<MessageChannel> clientOutboundChannel;

	/**
	 * @param clientOutboundChannel the channel to the sessions
	 */
	DiscontinuityFrames(Supplier<MessageChannel> clientOutboundChannel) {
		this.clientOutboundChannel = clientOutboundChannel;
	}

	/**
	 * Sends the discontinuity frame to one subscription.
	 * @param sessionId the subscription's session
	 * @param subscriptionId the subscription's id
	 * @param channelId the channel it subscribes to
	 * @param oldest the oldest serial still held for the channel, if known
	 */
	void send(@Nullable String sessionId, @Nullable String subscriptionId, String channelId, @Nullable Serial oldest) {
		SimpMessageHeaderAccessor message = message(sessionId, subscriptionId,
				StompAccessInterceptor.TOPIC_PREFIX + channelId);
		message.setContentType(MimeTypeUtils.APPLICATION_JSON);
		message.setNativeHeader(DISCONTINUITY, "true");
		if (oldest != null) {
			message.setNativeHeader(OLDEST, oldest.toString());
		}
		byte[] body = ("{\"type\":\"discontinuity\",\"channel\":\"" + channelId + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		this.clientOutboundChannel.get().send(MessageBuilder.createMessage(body, message.getMessageHeaders()));
	}

	/**
	 * Returns the headers of a {@code MESSAGE} frame to one subscription, left mutable.
	 */
	static SimpMessageHeaderAccessor message(@Nullable String sessionId, @Nullable String subscriptionId,
			@Nullable String destination) {
		SimpMessageHeaderAccessor message = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		message.setSessionId(sessionId);
		message.setSubscriptionId(subscriptionId);
		message.setDestination(destination);
		message.setLeaveMutable(true);
		return message;
	}

}
