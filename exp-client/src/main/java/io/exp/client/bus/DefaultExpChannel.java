package io.exp.client.bus;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A channel of an {@link ExpEventBus}.
 */
final class DefaultExpChannel implements ExpChannel {

	private static final Log logger = LogFactory.getLog(DefaultExpChannel.class);

	private final ChannelParts parts;

	private final String name;

	private final boolean system;

	private final boolean consumer;

	private volatile @Nullable String id;

	DefaultExpChannel(ChannelParts parts, String name, boolean system, boolean consumer) {
		this.parts = parts;
		this.name = name;
		this.system = system;
		this.consumer = consumer;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public boolean isSystem() {
		return this.system;
	}

	@Override
	public boolean isConsumer() {
		return this.consumer;
	}

	private String id() {
		String known = this.id;
		if (known == null) {
			known = this.parts.scope().channelId(this.name, this.system, this.consumer);
			this.id = known;
		}
		return known;
	}

	@Override
	public void broadcast(String name, @Nullable Object payload) {
		this.parts.outbox().send("/app/broadcast", Envelopes.envelope(null, sendingId(name), name, payload));
	}

	@Override
	public List<ExpMessage> broadcast(String name, @Nullable Object payload, Duration collectFor) {
		return this.parts.exchanges().broadcastCollecting(sendingId(name), name, payload, collectFor);
	}

	/**
	 * Returns the channel's id for a message to send on it; the server refuses what
	 * clients send on system channels, so they are refused here, where the caller can see
	 * it.
	 */
	private String sendingId(String name) {
		if (this.system) {
			throw new IllegalStateException(
					"'" + name + "' was not sent: the system channel '" + this.name + "' is listen-only");
		}
		return id();
	}

	@Override
	public ExpSubscription listen(String name, Consumer<ExpMessage> handler) {
		return this.parts.registry().addListener(id(), this, name, handler);
	}

	@Override
	public <T> ExpSubscription listen(String name, Class<T> type, Consumer<T> handler) {
		return listen(name, (message) -> {
			T payload;
			try {
				payload = this.parts.json().convertValue(message.getPayload(), type);
			}
			catch (RuntimeException ex) {
				logger.warn("Skipped '" + name + "' on channel '" + this.name + "': its payload is not a "
						+ type.getSimpleName() + " (" + ex.getMessage() + ")");
				return;
			}
			handler.accept(payload);
		});
	}

	@Override
	public @Nullable Object request(String name, ExpTarget target, @Nullable Object payload) {
		try {
			return requestAsync(name, target, payload).join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	@Override
	public <T> T request(String name, ExpTarget target, @Nullable Object payload, Class<T> responseType) {
		return this.parts.json().convertValue(request(name, target, payload), responseType);
	}

	@Override
	public CompletableFuture<@Nullable Object> requestAsync(String name, ExpTarget target, @Nullable Object payload) {
		try {
			return this.parts.exchanges()
				.request(sendingId(name), this.name, name, target, payload)
				.thenApply(ExpMessage::getPayload);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public ExpSubscription respond(String name, Function<ExpMessage, @Nullable Object> handler) {
		return this.parts.registry().addResponder(id(), this.name, name, handler);
	}

	@Override
	public <T> ExpSubscription respond(String name, Class<T> type, Function<T, @Nullable Object> handler) {
		return respond(name, (message) -> {
			T payload;
			try {
				payload = this.parts.json().convertValue(message.getPayload(), type);
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException("The payload of '" + name + "' is not a " + type.getSimpleName());
			}
			return handler.apply(payload);
		});
	}

	@Override
	public String toString() {
		return "ExpChannel[" + this.name + (this.system ? ", system" : "") + (this.consumer ? ", consumer" : "") + "]";
	}

}
