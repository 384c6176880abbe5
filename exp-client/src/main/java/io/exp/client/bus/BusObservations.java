package io.exp.client.bus;

import io.exp.client.observation.DefaultExpBusRequestObservationConvention;
import io.exp.client.observation.DefaultExpBusRespondObservationConvention;
import io.exp.client.observation.ExpBusObservationDocumentation;
import io.exp.client.observation.ExpBusRequestContext;
import io.exp.client.observation.ExpBusRequestObservationConvention;
import io.exp.client.observation.ExpBusRespondContext;
import io.exp.client.observation.ExpBusRespondObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Makes the observations of requests sent and answered, with the application's registry
 * and conventions.
 */
final class BusObservations {

	private static final ExpBusRequestObservationConvention DEFAULT_REQUEST = new DefaultExpBusRequestObservationConvention();

	private static final ExpBusRespondObservationConvention DEFAULT_RESPOND = new DefaultExpBusRespondObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable ExpBusRequestObservationConvention requestConvention;

	private final @Nullable ExpBusRespondObservationConvention respondConvention;

	BusObservations(ObservationRegistry registry, @Nullable ExpBusRequestObservationConvention requestConvention,
			@Nullable ExpBusRespondObservationConvention respondConvention) {
		this.registry = registry;
		this.requestConvention = requestConvention;
		this.respondConvention = respondConvention;
	}

	/**
	 * Starts the observation of a request: its context's carrier then holds the trace
	 * context to send.
	 */
	Observation request(ExpBusRequestContext context) {
		return ExpBusObservationDocumentation.REQUEST
			.observation(this.requestConvention, DEFAULT_REQUEST, () -> context, this.registry)
			.start();
	}

	/**
	 * Starts the observation of an answered request, a child of the requester's trace
	 * when the request has one.
	 */
	Observation respond(ExpBusRespondContext context) {
		return ExpBusObservationDocumentation.RESPOND
			.observation(this.respondConvention, DEFAULT_RESPOND, () -> context, this.registry)
			.start();
	}

}
