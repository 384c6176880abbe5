package io.exp.server.bus;

import java.util.concurrent.locks.Lock;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;

/**
 * On the broker channel, where every broadcast passes once on its way to this node's
 * sessions (published here, or heard from another node through {@link NodeRelay}): takes
 * the channel's lock, records the broadcast in the {@link BroadcastHistory} and adds its
 * serial (given by the {@link BroadcastLog} the nodes share, if any) as the
 * {@value Serial#HEADER} header, and releases the lock once the broadcast has been handed
 * to every session (the broker channel and the client outbound channel deliver on the
 * sending thread). Messages for users (requests, responses, errors) pass untouched: they
 * are never replayed.
 */
final class SerialStamp implements ChannelInterceptor {

	/**
	 * Marks a broadcast whose channel lock this thread holds until its delivery
	 * completes.
	 */
	private static final String LOCKED = "expHistoryLocked";

	private final BroadcastHistory history;

	SerialStamp(BroadcastHistory history) {
		this.history = history;
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		String channelId = broadcastChannel(message);
		if (channelId == null) {
			return message;
		}
		Lock lock = this.history.lock(channelId);
		try {
			SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.wrap(message);
			Serial given = (accessor.getHeader(BroadcastLog.SERIAL) instanceof Serial streamed) ? streamed : null;
			Serial serial = this.history.record(channelId, given, NodeRelay.bytes(message.getPayload()),
					accessor.getContentType());
			accessor.setNativeHeader(Serial.HEADER, serial.toString());
			accessor.setHeader(LOCKED, lock);
			return MessageBuilder.createMessage(message.getPayload(), accessor.getMessageHeaders());
		}
		catch (RuntimeException ex) {
			lock.unlock();
			throw ex;
		}
	}

	@Override
	public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent, @Nullable Exception ex) {
		if (message.getHeaders().get(LOCKED) instanceof Lock lock) {
			lock.unlock();
		}
	}

	private static @Nullable String broadcastChannel(Message<?> message) {
		if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) != SimpMessageType.MESSAGE) {
			return null;
		}
		return SubscriptionInterest.channelId(SimpMessageHeaderAccessor.getDestination(message.getHeaders()));
	}

}
