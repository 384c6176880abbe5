package io.exp.client.observation;

import org.jspecify.annotations.Nullable;

/**
 * What the observations of the event bus know of a request, sent or answered: its
 * channel, its name and, once it ended, how.
 *
 * @since 0.1.0
 */
public final class ExpBusExchange {

	private final String channel;

	private final String requestName;

	private volatile @Nullable String outcome;

	/**
	 * Creates the details of a request.
	 * @param channel the channel's name
	 * @param requestName the request's name
	 */
	public ExpBusExchange(String channel, String requestName) {
		this.channel = channel;
		this.requestName = requestName;
	}

	/**
	 * Returns the channel's name.
	 * @return the channel
	 */
	public String getChannel() {
		return this.channel;
	}

	/**
	 * Returns the request's name.
	 * @return the name
	 */
	public String getRequestName() {
		return this.requestName;
	}

	/**
	 * Returns how the request ended: sent, {@code success}, {@code error} or
	 * {@code timeout}; answered, {@code success}, {@code error} (the responder failed or
	 * the answer could not be sent) or {@code missing} (no responder).
	 * @return the outcome, {@code null} while in progress
	 */
	public @Nullable String getOutcome() {
		return this.outcome;
	}

	/**
	 * Sets how the request ended.
	 * @param outcome the outcome
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

}
