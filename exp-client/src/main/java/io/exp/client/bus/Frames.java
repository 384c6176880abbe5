package io.exp.client.bus;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;

/**
 * Parses the frames of one subscription as envelopes, on the connection's thread, and
 * hands them on; a malformed frame is logged and skipped.
 */
final class Frames implements StompFrameHandler {

	private static final Log logger = LogFactory.getLog(Frames.class);

	private final Envelopes envelopes;

	private final ExpEventBusMetrics metrics;

	private final Consumer<Map<String, Object>> target;

	Frames(Envelopes envelopes, ExpEventBusMetrics metrics, Consumer<Map<String, Object>> target) {
		this.envelopes = envelopes;
		this.metrics = metrics;
		this.target = target;
	}

	@Override
	public Type getPayloadType(StompHeaders headers) {
		return byte[].class;
	}

	@Override
	public void handleFrame(StompHeaders headers, @Nullable Object payload) {
		try {
			Map<String, Object> envelope = this.envelopes.decode((byte[]) payload);
			this.metrics.messageReceived(String.valueOf(envelope.get(Envelopes.TYPE)));
			this.target.accept(envelope);
		}
		catch (RuntimeException ex) {
			logger.warn("Skipped a malformed message on " + headers.getDestination() + ": " + ex.getMessage());
		}
	}

}
