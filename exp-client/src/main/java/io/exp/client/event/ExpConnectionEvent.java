package io.exp.client.event;

import org.springframework.context.ApplicationEvent;

/**
 * Base class of the event bus's connection events, published on real transitions only, in
 * order.
 *
 * @since 0.1.0
 */
public abstract class ExpConnectionEvent extends ApplicationEvent {

	/**
	 * Creates an event.
	 * @param source the event bus
	 */
	protected ExpConnectionEvent(Object source) {
		super(source);
	}

	/**
	 * Whether the bus is online after this event.
	 * @return {@code true} for {@link ExpOnlineEvent}
	 */
	public abstract boolean isOnline();

}
