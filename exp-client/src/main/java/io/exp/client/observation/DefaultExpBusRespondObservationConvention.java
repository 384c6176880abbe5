package io.exp.client.observation;

/**
 * The default names and tags of a request this client answers: {@code exp.bus.respond},
 * tagged with the request's name and outcome, and the channel as a high-cardinality key.
 *
 * @since 0.1.0
 */
public class DefaultExpBusRespondObservationConvention extends ExpBusExchangeConvention<ExpBusRespondContext>
		implements ExpBusRespondObservationConvention {

	/**
	 * Creates the default convention.
	 */
	public DefaultExpBusRespondObservationConvention() {
		super("exp.bus.respond", "respond");
	}

}
