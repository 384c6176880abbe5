package io.exp.client.observation;

/**
 * The default names and tags of a request this client sends: {@code exp.bus.request},
 * tagged with the request's name and outcome, and the channel as a high-cardinality key.
 *
 * @since 0.1.0
 */
public class DefaultExpBusRequestObservationConvention extends ExpBusExchangeConvention<ExpBusRequestContext>
		implements ExpBusRequestObservationConvention {

	/**
	 * Creates the default convention.
	 */
	public DefaultExpBusRequestObservationConvention() {
		super("exp.bus.request", "request");
	}

}
