package io.exp.client.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of the event bus, their names and keys.
 *
 * @since 0.1.0
 */
public enum ExpBusObservationDocumentation implements ObservationDocumentation {

	/** A request this client sends, until its response, error or timeout. */
	REQUEST(DefaultExpBusRequestObservationConvention.class),

	/** A request this client answers, from its arrival until the answer is sent. */
	RESPOND(DefaultExpBusRespondObservationConvention.class);

	private final Class<? extends ObservationConvention<? extends Observation.Context>> defaultConvention;

	ExpBusObservationDocumentation(
			Class<? extends ObservationConvention<? extends Observation.Context>> defaultConvention) {
		this.defaultConvention = defaultConvention;
	}

	@Override
	public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
		return this.defaultConvention;
	}

	@Override
	public KeyName[] getLowCardinalityKeyNames() {
		return LowCardinalityKeyNames.values();
	}

	@Override
	public KeyName[] getHighCardinalityKeyNames() {
		return HighCardinalityKeyNames.values();
	}

	/**
	 * Keys with few values, fit for metrics.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/** The request's name. */
		NAME {
			@Override
			public String asString() {
				return "exp.request.name";
			}
		},

		/**
		 * How it ended: {@code success}, {@code error}, {@code timeout} or
		 * {@code missing}.
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "exp.outcome";
			}
		}

	}

	/**
	 * Keys with many values (a channel may be named after a uuid), for traces only.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/** The channel's name. */
		CHANNEL {
			@Override
			public String asString() {
				return "exp.channel";
			}
		}

	}

}
