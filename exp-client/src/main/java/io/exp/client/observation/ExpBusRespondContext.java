package io.exp.client.observation;

import java.util.Map;

import io.micrometer.observation.transport.ReceiverContext;

/**
 * The context of a request this client answers (a {@code respond} handler or an
 * {@code @ExpRespond} method): its carrier is the request envelope's {@code trace} field,
 * from which propagating handlers read the requester's trace context, so the answer is
 * part of the requester's trace.
 *
 * @since 0.1.0
 */
public final class ExpBusRespondContext extends ReceiverContext<Map<String, ?>> implements ExpBusExchangeContext {

	private final ExpBusExchange exchange;

	/**
	 * Creates the context of an answered request.
	 * @param trace the request envelope's {@code trace} field, empty when it has none
	 * @param channel the channel's name
	 * @param name the request's name
	 */
	public ExpBusRespondContext(Map<String, ?> trace, String channel, String name) {
		super((carrier, key) -> (carrier.get(key) instanceof String value) ? value : null);
		setCarrier(trace);
		this.exchange = new ExpBusExchange(channel, name);
	}

	@Override
	public ExpBusExchange getExchange() {
		return this.exchange;
	}

}
