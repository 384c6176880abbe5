package io.exp.client.bus;

import java.util.function.Consumer;

import io.exp.client.event.ExpConnectionEvent;
import io.exp.client.event.ExpOfflineEvent;
import io.exp.client.event.ExpOnlineEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Tells plain callbacks, the application context and the metrics about online and offline
 * transitions.
 */
final class ConnectionEvents {

	private static final Log logger = LogFactory.getLog(ExpEventBus.class);

	private final Object source;

	private final BusEvents<ExpConnectionEvent> events;

	private final ExpEventBusMetrics metrics;

	private boolean wasOnline;

	/**
	 * Creates the events of one bus.
	 * @param source the bus, the events' source
	 * @param eventPublisher the application context, if any
	 * @param metrics the metrics callbacks
	 */
	ConnectionEvents(Object source, @Nullable ApplicationEventPublisher eventPublisher, ExpEventBusMetrics metrics) {
		this.source = source;
		this.events = new BusEvents<>(eventPublisher);
		this.metrics = metrics;
	}

	Disposable add(Consumer<ExpConnectionEvent> listener) {
		return this.events.add(listener);
	}

	synchronized void online() {
		logger.info("EXP event bus online");
		if (this.wasOnline) {
			this.metrics.reconnected();
		}
		this.wasOnline = true;
		this.metrics.connectionChanged(true);
		publish(new ExpOnlineEvent(this.source));
	}

	/**
	 * The bus was online and is no longer.
	 */
	synchronized void offline(ExpOfflineEvent.Reason reason, String because) {
		logger.info("EXP event bus offline (" + reason + "): " + because);
		this.metrics.connectionChanged(false);
		publish(new ExpOfflineEvent(this.source, reason, 0));
	}

	/**
	 * The bus, offline, stopped reconnecting because the server refused its credentials.
	 */
	synchronized void credentialsRefused(int failedAttempts, String because) {
		logger.error("The EXP event bus stopped reconnecting after " + failedAttempts + " attempts: " + because);
		publish(new ExpOfflineEvent(this.source, ExpOfflineEvent.Reason.CREDENTIALS_REFUSED, failedAttempts));
	}

	private void publish(ExpConnectionEvent event) {
		this.events.publish(event);
	}

}
