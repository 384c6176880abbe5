package io.exp.client.observation;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.observation.transport.SenderContext;

/**
 * The context of an event bus request this client sends: its carrier is the envelope's
 * {@code trace} field, where propagating handlers (a tracer's) write the trace context,
 * for example W3C {@code traceparent}.
 *
 * @since 0.1.0
 */
public final class ExpBusRequestContext extends SenderContext<Map<String, String>> implements ExpBusExchangeContext {

	private final ExpBusExchange exchange;

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
		this.exchange = new ExpBusExchange(channel, name);
	}

	@Override
	public ExpBusExchange getExchange() {
		return this.exchange;
	}

}
