package io.exp.client.observation;

import io.exp.client.observation.ExpBusObservationDocumentation.HighCardinalityKeyNames;
import io.exp.client.observation.ExpBusObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValues;

/**
 * The default names and tags of a request this client sends: {@code exp.bus.request},
 * tagged with the request's name and outcome, and the channel as a high-cardinality key.
 *
 * @since 0.1.0
 */
public class DefaultExpBusRequestObservationConvention implements ExpBusRequestObservationConvention {

	@Override
	public String getName() {
		return "exp.bus.request";
	}

	@Override
	public String getContextualName(ExpBusRequestContext context) {
		return "request " + context.getRequestName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ExpBusRequestContext context) {
		String outcome = context.getOutcome();
		return KeyValues.of(LowCardinalityKeyNames.NAME.withValue(context.getRequestName()),
				LowCardinalityKeyNames.OUTCOME.withValue((outcome != null) ? outcome : "unknown"));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ExpBusRequestContext context) {
		return KeyValues.of(HighCardinalityKeyNames.CHANNEL.withValue(context.getChannel()));
	}

}
