package io.exp.client.observation;

/**
 * An observation context of the event bus: a request sent ({@link ExpBusRequestContext})
 * or answered ({@link ExpBusRespondContext}).
 *
 * @since 0.1.0
 */
public interface ExpBusExchangeContext {

	/**
	 * Returns the request's details.
	 * @return the channel, name and outcome
	 */
	ExpBusExchange getExchange();

}
