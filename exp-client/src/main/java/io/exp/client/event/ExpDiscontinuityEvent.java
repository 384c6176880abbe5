package io.exp.client.event;

import io.exp.client.bus.ExpChannel;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Broadcasts on a channel were missed and cannot be replayed: after a reconnect, the
 * server no longer held every broadcast sent while the bus was away (the gap was longer
 * than its history, it restarted, or the bus failed over to another server). The bus
 * listens to the channel again and its listeners get the live broadcasts (and whatever
 * the server still held); what they missed in between is lost. An application that keeps
 * state built from a channel's broadcasts reloads it when it gets this event, for example
 * with the REST API or a request.
 * <p>
 * Published off the connection's thread, once per channel and gap.
 *
 * @since 0.1.0
 */
public class ExpDiscontinuityEvent extends ApplicationEvent {

	private final ExpChannel channel;

	private final @Nullable String oldestSerial;

	/**
	 * Creates an event.
	 * @param source the event bus
	 * @param channel the channel whose broadcasts were missed
	 * @param oldestSerial the serial of the oldest broadcast the server still held, if it
	 * said
	 */
	public ExpDiscontinuityEvent(Object source, ExpChannel channel, @Nullable String oldestSerial) {
		super(source);
		this.channel = channel;
		this.oldestSerial = oldestSerial;
	}

	/**
	 * Returns the channel whose broadcasts were missed, as the bus's listeners know it:
	 * its name, whether it is a system or consumer channel, and the means to send on it.
	 * @return the channel
	 */
	public ExpChannel getChannel() {
		return this.channel;
	}

	/**
	 * Returns the serial ({@code exp-serial}, an opaque text) of the oldest broadcast of
	 * the channel the server still held when the bus resumed: broadcasts before it were
	 * lost.
	 * @return the oldest serial held, or {@code null} when the server held none or did
	 * not say
	 */
	public @Nullable String getOldestSerial() {
		return this.oldestSerial;
	}

	@Override
	public String toString() {
		return "ExpDiscontinuityEvent[" + this.channel
				+ ((this.oldestSerial != null) ? ", oldest " + this.oldestSerial : "") + "]";
	}

}
