package io.exp.server.bus;

import java.util.Set;
import java.util.function.Supplier;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * Answers a frame that carries a {@code receipt} header with a {@code RECEIPT} frame once
 * the server has handled it: a {@code SEND} to {@code /app/...} (its message has then
 * been routed, or refused on {@code /user/queue/errors}), a {@code SUBSCRIBE} or
 * {@code UNSUBSCRIBE} (a broadcast sent afterwards reaches the subscriber: with a relayed
 * broker, once the node's subscription to the channel on the broker is confirmed, so
 * broadcasts from other nodes reach it too).
 */
class Receipts implements ChannelInterceptor {

	private static final Set<StompCommand> COMMANDS = Set.of(StompCommand.SEND, StompCommand.SUBSCRIBE,
			StompCommand.UNSUBSCRIBE);

	private final Supplier<MessageChannel> clientOutboundChannel;

	private final ChannelInterests interests;

	Receipts(Supplier<MessageChannel> clientOutboundChannel, ChannelInterests interests) {
		this.clientOutboundChannel = clientOutboundChannel;
		this.interests = interests;
	}

	@Override
	public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent, Exception ex) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (!sent || ex != null || accessor == null || accessor.getReceipt() == null
				|| !COMMANDS.contains(accessor.getCommand())) {
			return;
		}
		String channelId = SubscriptionInterest.channelId(accessor.getDestination());
		if (accessor.getCommand() == StompCommand.SUBSCRIBE && channelId != null) {
			this.interests.subscribed(channelId).whenComplete((done, failure) -> receipt(accessor));
		}
		else {
			receipt(accessor);
		}
	}

	private void receipt(StompHeaderAccessor accessor) {
		StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
		receipt.setReceiptId(accessor.getReceipt());
		receipt.setSessionId(accessor.getSessionId());
		this.clientOutboundChannel.get().send(MessageBuilder.createMessage(new byte[0], receipt.getMessageHeaders()));
	}

}
