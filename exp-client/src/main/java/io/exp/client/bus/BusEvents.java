package io.exp.client.bus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Hands one kind of event of the bus to its plain callbacks, then to the application
 * context, if any; a failing callback is logged and does not stop the others.
 *
 * @param <E> the kind of event
 */
final class BusEvents<E extends ApplicationEvent> {

	private static final Log logger = LogFactory.getLog(ExpEventBus.class);

	private final @Nullable ApplicationEventPublisher eventPublisher;

	private final List<Consumer<? super E>> listeners = new CopyOnWriteArrayList<>();

	BusEvents(@Nullable ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	Disposable add(Consumer<? super E> listener) {
		this.listeners.add(listener);
		return () -> this.listeners.remove(listener);
	}

	void publish(E event) {
		for (Consumer<? super E> listener : this.listeners) {
			try {
				listener.accept(event);
			}
			catch (RuntimeException ex) {
				logger.warn("A listener of " + event.getClass().getSimpleName() + " failed", ex);
			}
		}
		if (this.eventPublisher != null) {
			this.eventPublisher.publishEvent(event);
		}
	}

}
