package io.exp.client.event;

/**
 * The event bus is connected, with every listener and responder subscribed (the EXP
 * Python SDK's {@code on("online")}).
 *
 * @since 0.1.0
 */
public class ExpOnlineEvent extends ExpConnectionEvent {

	/**
	 * Creates an event.
	 * @param source the event bus
	 */
	public ExpOnlineEvent(Object source) {
		super(source);
	}

	@Override
	public boolean isOnline() {
		return true;
	}

}
