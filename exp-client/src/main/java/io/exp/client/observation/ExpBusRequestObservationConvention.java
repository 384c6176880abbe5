package io.exp.client.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a request this client sends; implement it to override
 * {@link DefaultExpBusRequestObservationConvention}.
 *
 * @since 0.1.0
 */
public interface ExpBusRequestObservationConvention extends ObservationConvention<ExpBusRequestContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ExpBusRequestContext;
	}

}
