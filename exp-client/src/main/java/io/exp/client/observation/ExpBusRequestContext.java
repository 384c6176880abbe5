package io.exp.client.observation;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

/**
 * The context of an event bus request this client sends: its carrier is the envelope's
 * {@code trace} field, where propagating handlers (a tracer's) write the trace context,
 * for example W3C {@code traceparent}.
 *
 * @since 0.1.0
 */
public final class ExpBusRequestContext extends SenderContext<Map<String, String>> {

	private final String channel;

	private final String name;

	private @Nullable String outcome;

	/**
	 * Creates the context of a request.
	 * @param channel the channel's name
	 * @param name the request's name
	 */
	public ExpBusRequestContext(String channel, String name) {
		super((carrier, key, value) -> {
			if (carrier != null) {
				carrier.put(key, value);
			}
		});
		setCarrier(new LinkedHashMap<>());
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
	 * Returns how the request ended: {@code success}, {@code error} or {@code timeout}.
	 * @return the outcome, {@code null} while in progress
	 */
	public @Nullable String getOutcome() {
		return this.outcome;
	}

	/**
	 * Sets how the request ended.
	 * @param outcome {@code success}, {@code error} or {@code timeout}
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

}
