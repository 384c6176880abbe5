package io.exp.server.bus;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * Resumes a channel subscription whose {@code SUBSCRIBE} carries
 * {@value Serial#RESUME_HEADER}: the session first gets every broadcast of the channel
 * after that serial still in the {@link BroadcastHistory}, in order, then the live ones,
 * with none missing and none twice between the two. It holds the channel's lock from
 * before the subscription is registered until the replay is queued for the session, so a
 * broadcast is either in the replay (recorded before) or delivered live (published
 * after); the client inbound channel runs on the connection's thread, so this spans the
 * broker's registration. When broadcasts after the serial are no longer held, the replay
 * starts with a {@code MESSAGE} frame marked {@value DiscontinuityFrames#DISCONTINUITY}.
 * A bad serial is refused with an {@code ERROR} frame, code {@value #INVALID}. Runs after
 * the access rules, so a channel the session may not subscribe to cannot be replayed
 * either.
 */
final class ResumedSubscriptions implements ChannelInterceptor {

	/** The header that marks a replayed broadcast. */
	static final String REPLAYED = "exp-replayed";

	static final String INVALID = "resume.invalid";

	/**
	 * The replay computed, with the channel's lock taken, when the {@code SUBSCRIBE}
	 * arrived.
	 */
	private static final String REPLAY = "expReplay";

	/** The channel's lock, held until the replay is queued. */
	private static final String LOCKED = "expReplayLock";

	private final @Nullable BroadcastHistory history;

	private final Supplier<MessageChannel> clientOutboundChannel;

	private final DiscontinuityFrames discontinuities;

	private final Duration publishWait;

	/**
	 * @param history the history, or {@code null} when the node keeps none (every resume
	 * then gets the discontinuity frame)
	 * @param clientOutboundChannel the channel to the sessions
	 * @param publishWait how long the replay may wait for room in the session's buffer
	 */
	ResumedSubscriptions(@Nullable BroadcastHistory history, Supplier<MessageChannel> clientOutboundChannel,
			Duration publishWait) {
		this.history = history;
		this.clientOutboundChannel = clientOutboundChannel;
		this.discontinuities = new DiscontinuityFrames(clientOutboundChannel);
		this.publishWait = publishWait;
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor accessor = resume(message);
		if (accessor == null) {
			return message;
		}
		String channelId = SubscriptionInterest.channelId(accessor.getDestination());
		if (channelId == null) {
			throw new BusRefusal(INVALID, "Only channel subscriptions (/topic/channel.{channelId}) can resume");
		}
		Serial after = serial(accessor);
		if (this.history == null) {
			accessor.setHeader(REPLAY, new BroadcastHistory.Replay(List.of(), true, null));
			return message;
		}
		this.history.awaitHeard(after);
		Lock lock = this.history.lock(channelId);
		try {
			accessor.setHeader(REPLAY, this.history.after(channelId, after));
			accessor.setHeader(LOCKED, lock);
			return message;
		}
		catch (IllegalArgumentException ex) {
			lock.unlock();
			throw new BusRefusal(INVALID, "Cannot resume from " + Serial.RESUME_HEADER + ": " + ex.getMessage());
		}
		catch (RuntimeException | Error ex) {
			lock.unlock();
			throw ex;
		}
	}

	@Override
	public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent, @Nullable Exception ex) {
		StompHeaderAccessor accessor = resume(message);
		if (accessor == null || !(accessor.getHeader(REPLAY) instanceof BroadcastHistory.Replay replay)) {
			return;
		}
		try {
			if (sent && ex == null) {
				NonBlockingSession.publishing(this.publishWait, () -> send(accessor, replay));
			}
		}
		finally {
			if (accessor.getHeader(LOCKED) instanceof Lock lock) {
				lock.unlock();
			}
		}
	}

	private void send(StompHeaderAccessor subscribe, BroadcastHistory.Replay replay) {
		String channelId = SubscriptionInterest.channelId(subscribe.getDestination());
		if (replay.discontinuity() && channelId != null) {
			this.discontinuities.send(subscribe.getSessionId(), subscribe.getSubscriptionId(), channelId,
					replay.oldest());
		}
		for (BroadcastHistory.Recorded recorded : replay.messages()) {
			SimpMessageHeaderAccessor message = DiscontinuityFrames.message(subscribe.getSessionId(),
					subscribe.getSubscriptionId(), subscribe.getDestination());
			message.setContentType(recorded.contentType());
			message.setNativeHeader(Serial.HEADER, recorded.serial().toString());
			message.setNativeHeader(REPLAYED, "true");
			this.clientOutboundChannel.get()
				.send(MessageBuilder.createMessage(recorded.payload(), message.getMessageHeaders()));
		}
	}

	private static Serial serial(StompHeaderAccessor accessor) {
		String text = accessor.getFirstNativeHeader(Serial.RESUME_HEADER);
		try {
			return Serial.parse(String.valueOf(text));
		}
		catch (IllegalArgumentException ex) {
			throw new BusRefusal(INVALID, "Cannot resume from " + Serial.RESUME_HEADER + ": " + ex.getMessage());
		}
	}

	private static @Nullable StompHeaderAccessor resume(Message<?> message) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		return (accessor != null && accessor.getCommand() == StompCommand.SUBSCRIBE
				&& accessor.getFirstNativeHeader(Serial.RESUME_HEADER) != null) ? accessor : null;
	}

}
