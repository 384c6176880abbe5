package io.exp.client.event;

/**
 * The event bus lost its connection, or was stopped (the EXP Python SDK's {@code on("offline")}). It reconnects on its own
 * unless stopped.
 *
 * @since 0.1.0
 */
public class ExpOfflineEvent extends ExpConnectionEvent {

	/**
	 * Creates an event.
	 * @param source the event bus
	 */
	public ExpOfflineEvent(Object source) {
		super(source);
	}

	@Override
	public boolean isOnline() {
		return false;
	}

}
