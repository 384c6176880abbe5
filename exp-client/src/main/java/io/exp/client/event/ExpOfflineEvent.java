package io.exp.client.event;

/**
 * The event bus went offline (the EXP Python SDK's {@code on("offline")}): it lost its
 * connection, was stopped, or gave up reconnecting because the server refused its
 * credentials. It reconnects on its own after a lost connection.
 *
 * @since 0.1.0
 */
public class ExpOfflineEvent extends ExpConnectionEvent {

	private final Reason reason;

	private final int reconnectAttempts;

	/**
	 * Creates an event.
	 * @param source the event bus
	 * @param reason why the bus is offline
	 * @param reconnectAttempts how many connection attempts failed since the bus was last
	 * online
	 */
	public ExpOfflineEvent(Object source, Reason reason, int reconnectAttempts) {
		super(source);
		this.reason = reason;
		this.reconnectAttempts = reconnectAttempts;
	}

	@Override
	public boolean isOnline() {
		return false;
	}

	/**
	 * Returns why the bus is offline.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Returns how many connection attempts failed since the bus was last online: 0 when a
	 * live connection was lost or the bus was stopped while online.
	 * @return the number of failed attempts
	 */
	public int getReconnectAttempts() {
		return this.reconnectAttempts;
	}

	@Override
	public String toString() {
		return "ExpOfflineEvent[" + this.reason + ", after " + this.reconnectAttempts + " reconnect attempts]";
	}

	/**
	 * Why the event bus is offline.
	 */
	public enum Reason {

		/** The bus was stopped: it stays offline until started again. */
		SHUTDOWN,

		/** The connection was lost: the bus reconnects on its own. */
		CONNECTION_LOST,

		/**
		 * The server refused the credentials: the bus stopped reconnecting until started
		 * again.
		 */
		CREDENTIALS_REFUSED

	}

}
