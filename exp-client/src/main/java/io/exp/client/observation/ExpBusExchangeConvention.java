package io.exp.client.observation;

import io.exp.client.observation.ExpBusObservationDocumentation.HighCardinalityKeyNames;
import io.exp.client.observation.ExpBusObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;

/**
 * The names and tags both default conventions give: the observation's name, a contextual
 * name of a verb and the request's name, the request's name and outcome as tags, and the
 * channel as a high-cardinality key.
 *
 * @param <C> the context
 */
abstract class ExpBusExchangeConvention<C extends Observation.Context & ExpBusExchangeContext> {

	private final String name;

	private final String verb;

	ExpBusExchangeConvention(String name, String verb) {
		this.name = name;
		this.verb = verb;
	}

	public String getName() {
		return this.name;
	}

	public String getContextualName(C context) {
		return this.verb + " " + context.getExchange().getRequestName();
	}

	public KeyValues getLowCardinalityKeyValues(C context) {
		ExpBusExchange exchange = context.getExchange();
		String outcome = exchange.getOutcome();
		return KeyValues.of(LowCardinalityKeyNames.NAME.withValue(exchange.getRequestName()),
				LowCardinalityKeyNames.OUTCOME.withValue((outcome != null) ? outcome : "unknown"));
	}

	public KeyValues getHighCardinalityKeyValues(C context) {
		return KeyValues.of(HighCardinalityKeyNames.CHANNEL.withValue(context.getExchange().getChannel()));
	}

}
