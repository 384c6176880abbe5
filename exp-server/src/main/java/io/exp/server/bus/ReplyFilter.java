package io.exp.server.bus;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * Delivers an answer (a response, or the server's {@code target.offline}) to a session
 * only when {@link PendingReplies} says the session awaits it from that responder; any
 * other answer is dropped, so no member of an organization can slip a response into
 * another's request. Answers carry who sent them, and for what, in the headers
 * {@value #REPLY_TO} and {@value #RESPONDER}, set by the server only (clients cannot send
 * to the queues the answers travel on), which survive a relayed broker.
 */
final class ReplyFilter implements ChannelInterceptor {

	static final String REPLY_TO = "exp-reply-to";

	static final String RESPONDER = "exp-responder";

	private final PendingReplies pending;

	/**
	 * The headers that mark an answer for this filter.
	 * @param id the id of the message answered
	 * @param responder the uuid of who answers
	 * @return the native headers to send the answer with
	 */
	static Map<String, Object> answerHeaders(String id, String responder) {
		return Map.of(REPLY_TO, id, RESPONDER, responder);
	}

	ReplyFilter(PendingReplies pending) {
		this.pending = pending;
	}

	@Override
	public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
		String replyTo = NativeMessageHeaderAccessor.getFirstNativeHeader(REPLY_TO, message.getHeaders());
		if (replyTo == null) {
			return message;
		}
		String responder = NativeMessageHeaderAccessor.getFirstNativeHeader(RESPONDER, message.getHeaders());
		String sessionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
		if (sessionId == null || responder == null || !this.pending.accept(sessionId, replyTo, responder)) {
			return null;
		}
		return message;
	}

	@EventListener
	void sessionClosed(SessionDisconnectEvent event) {
		this.pending.forget(event.getSessionId());
	}

}
