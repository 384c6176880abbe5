package io.exp.server.bus;

import java.util.function.Supplier;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * Answers a {@code SUBSCRIBE} that carries a {@code receipt} header with a {@code RECEIPT} frame once the
 * subscription is registered (the in-process broker does not send receipts itself), so a client knows when a
 * broadcast sent afterwards will reach it.
 */
class SubscriptionReceipts implements ChannelInterceptor {

	private final Supplier<MessageChannel> clientOutboundChannel;

	SubscriptionReceipts(Supplier<MessageChannel> clientOutboundChannel) {
		this.clientOutboundChannel = clientOutboundChannel;
	}

	@Override
	public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent, Exception ex) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (!sent || ex != null || accessor == null || accessor.getReceipt() == null
				|| (accessor.getCommand() != StompCommand.SUBSCRIBE && accessor.getCommand() != StompCommand.UNSUBSCRIBE)) {
			return;
		}
		StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
		receipt.setReceiptId(accessor.getReceipt());
		receipt.setSessionId(accessor.getSessionId());
		this.clientOutboundChannel.get()
			.send(MessageBuilder.createMessage(new byte[0], receipt.getMessageHeaders()));
	}

}
