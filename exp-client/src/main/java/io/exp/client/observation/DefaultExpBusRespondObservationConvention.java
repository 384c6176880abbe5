package io.exp.client.observation;

import io.exp.client.observation.ExpBusObservationDocumentation.HighCardinalityKeyNames;
import io.exp.client.observation.ExpBusObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValues;

/**
 * The default names and tags of a request this client answers: {@code exp.bus.respond},
 * tagged with the request's name and outcome, and the channel as a high-cardinality key.
 *
 * @since 0.1.0
 */
public class DefaultExpBusRespondObservationConvention implements ExpBusRespondObservationConvention {

	@Override
	public String getName() {
		return "exp.bus.respond";
	}

	@Override
	public String getContextualName(ExpBusRespondContext context) {
		return "respond " + context.getRequestName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ExpBusRespondContext context) {
		String outcome = context.getOutcome();
		return KeyValues.of(LowCardinalityKeyNames.NAME.withValue(context.getRequestName()),
				LowCardinalityKeyNames.OUTCOME.withValue((outcome != null) ? outcome : "unknown"));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ExpBusRespondContext context) {
		return KeyValues.of(HighCardinalityKeyNames.CHANNEL.withValue(context.getChannel()));
	}

}
