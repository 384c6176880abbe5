package io.exp.server.bus;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

/**
 * Adds a {@code code} header to every {@code ERROR} frame, so clients decide by code, not
 * by reading the message: the code of a {@link BusRefusal}, or {@value #FRAME_INVALID}
 * for a frame Spring's STOMP support itself refused (malformed or too large).
 */
final class ErrorFrameCodes extends StompSubProtocolErrorHandler {

	static final String HEADER = "code";

	static final String FRAME_INVALID = "frame.invalid";

	@Override
	protected Message<byte[]> handleInternal(StompHeaderAccessor errorHeaderAccessor, byte[] errorPayload,
			@Nullable Throwable cause, @Nullable StompHeaderAccessor clientHeaderAccessor) {
		errorHeaderAccessor.setNativeHeader(HEADER, codeOf(cause));
		return super.handleInternal(errorHeaderAccessor, errorPayload, cause, clientHeaderAccessor);
	}

	private static String codeOf(@Nullable Throwable cause) {
		for (Throwable candidate = cause; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof BusRefusal refusal) {
				return refusal.getCode();
			}
		}
		return FRAME_INVALID;
	}

}
