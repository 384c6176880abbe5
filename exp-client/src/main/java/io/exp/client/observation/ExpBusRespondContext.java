package io.exp.client.observation;

import java.util.Map;

import io.micrometer.observation.transport.ReceiverContext;
import org.jspecify.annotations.Nullable;

/**
 * The context of a request this client answers (a {@code respond} handler or an
 * {@code @ExpRespond} method): its carrier is the request envelope's {@code trace} field,
 * from which propagating handlers read the requester's trace context, so the answer is
 * part of the requester's trace.
 *
 * @since 0.1.0
 */
public final class ExpBusRespondContext extends ReceiverContext<Map<String, ?>> {

	private final String channel;

	private final String name;

	private @Nullable String outcome;

	/**
	 * Creates the context of an answered request.
	 * @param trace the request envelope's {@code trace} field, empty when it has none
	 * @param channel the channel's name
	 * @param name the request's name
	 */
	public ExpBusRespondContext(Map<String, ?> trace, String channel, String name) {
		super((carrier, key) -> (carrier.get(key) instanceof String value) ? value : null);
		setCarrier(trace);
		this.channel = channel;
		this.name = name;
	}

	/**
	 * Returns the channel's name.
	 * @return the channel
	 */
	public String getChannel() {
		return this.channel;
	}

	/**
	 * Returns the request's name (the observation's own name is {@link #getName()}).
	 * @return the name
	 */
	public String getRequestName() {
		return this.name;
	}

	/**
	 * Returns how the answer ended: {@code success}, {@code error} (the responder failed
	 * or the answer could not be sent) or {@code missing} (no responder).
	 * @return the outcome, {@code null} while in progress
	 */
	public @Nullable String getOutcome() {
		return this.outcome;
	}

	/**
	 * Sets how the answer ended.
	 * @param outcome {@code success}, {@code error} or {@code missing}
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

}
