package io.exp.client.bus;

import java.util.function.Consumer;

import io.exp.client.event.ExpDiscontinuityEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Tells plain callbacks and the application context that broadcasts on a channel were
 * missed for good, on a handler thread: a callback may send a request, whose response
 * arrives on the connection's thread.
 */
final class Discontinuities {

	private static final Log logger = LogFactory.getLog(ExpEventBus.class);

	private final Object source;

	private final BusEvents<ExpDiscontinuityEvent> events;

	private final HandlerExecutor handlers;

	/**
	 * Creates the discontinuity events of one bus.
	 * @param source the bus, the events' source
	 * @param eventPublisher the application context, if any
	 * @param handlers the handler threads the events are published on
	 */
	Discontinuities(Object source, @Nullable ApplicationEventPublisher eventPublisher, HandlerExecutor handlers) {
		this.source = source;
		this.events = new BusEvents<>(eventPublisher);
		this.handlers = handlers;
	}

	Disposable add(Consumer<ExpDiscontinuityEvent> listener) {
		return this.events.add(listener);
	}

	/**
	 * Broadcasts on the channel were missed and will not be replayed.
	 * @param channel the channel
	 * @param oldestSerial the oldest serial the server still held, if it said
	 */
	void missed(ExpChannel channel, @Nullable String oldestSerial) {
		logger.warn("Broadcasts on channel '" + channel.getName()
				+ "' were missed while the EXP event bus was away and cannot be replayed");
		ExpDiscontinuityEvent event = new ExpDiscontinuityEvent(this.source, channel, oldestSerial);
		this.handlers.execute(() -> this.events.publish(event));
	}

}
