package io.exp.client.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a request this client answers; implement it to
 * override {@link DefaultExpBusRespondObservationConvention}.
 *
 * @since 0.1.0
 */
public interface ExpBusRespondObservationConvention extends ObservationConvention<ExpBusRespondContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ExpBusRespondContext;
	}

}
