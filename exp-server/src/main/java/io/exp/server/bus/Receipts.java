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
 * Answers a frame that carries a {@code receipt} header with a {@code RECEIPT} frame once the server has handled
 * it, for the commands whose receipts no broker sends: a {@code SEND} to {@code /app/...} (its message has then been
 * routed, or refused on {@code /user/queue/errors}), and with the in-process broker a {@code SUBSCRIBE} or
 * {@code UNSUBSCRIBE} (a broadcast sent afterwards reaches the subscriber). A relayed broker answers the receipts
 * of subscriptions itself.
 */
class Receipts implements ChannelInterceptor {

	private final Supplier<MessageChannel> clientOutboundChannel;

	private final Set<StompCommand> commands;

	Receipts(Supplier<MessageChannel> clientOutboundChannel, Set<StompCommand> commands) {
		this.clientOutboundChannel = clientOutboundChannel;
		this.commands = commands;
	}

	@Override
	public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent, Exception ex) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (!sent || ex != null || accessor == null || accessor.getReceipt() == null
				|| !this.commands.contains(accessor.getCommand())) {
			return;
		}
		StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
		receipt.setReceiptId(accessor.getReceipt());
		receipt.setSessionId(accessor.getSessionId());
		this.clientOutboundChannel.get()
			.send(MessageBuilder.createMessage(new byte[0], receipt.getMessageHeaders()));
	}

}
