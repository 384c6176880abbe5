package io.exp.server.bus;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.messaging.simp.stomp.ReactorNettyTcpStompClient;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;

/**
 * One STOMP connection from this node to the broker that stays up: it reconnects with
 * backoff when it is lost, restores its subscriptions on every new connection, and
 * reports whether it is connected. Spring's STOMP client does neither: a lost session
 * only calls its handler once (or twice) and is done. Callbacks from a session that is no
 * longer the current one are ignored, so one loss triggers one reconnect.
 */
final class BrokerConnection {

	private static final Log logger = LogFactory.getLog(BrokerConnection.class);

	private static final String SUBSCRIPTION_NOT_FOUND = "Subscription not found";

	/** How many messages of a client-acknowledged subscription one ACK covers. */
	static final int ACK_EVERY = 100;

	private final String name;

	private final ReactorNettyTcpStompClient client;

	private final StompHeaders connectHeaders;

	private final Duration connectTimeout;

	private final Consumer<Boolean> connectedChanges;

	/**
	 * Per destination, what this connection subscribes to; restored on every new
	 * connection.
	 */
	private final Map<String, Wanted> subscriptions = new LinkedHashMap<>();

	private @Nullable StompSession session;

	/** Counts the sessions this connection had, to name their queues apart. */
	private long generation;

	private @Nullable Disposable connecting;

	private boolean stopped;

	/**
	 * @param name names the connection in logs
	 * @param client the node's STOMP client
	 * @param connectHeaders login, passcode, host
	 * @param connectTimeout longest wait for one connection attempt (a broker's ERROR
	 * frame can leave it hanging)
	 * @param connectedChanges told {@code true} on each new connection, {@code false}
	 * when one is lost
	 */
	BrokerConnection(String name, ReactorNettyTcpStompClient client, StompHeaders connectHeaders,
			Duration connectTimeout, Consumer<Boolean> connectedChanges) {
		this.name = name;
		this.client = client;
		this.connectHeaders = connectHeaders;
		this.connectTimeout = connectTimeout;
		this.connectedChanges = connectedChanges;
	}

	synchronized void start() {
		this.stopped = false;
		connect();
	}

	/**
	 * Disconnects and stops reconnecting. Never throws: a connection that fails while it
	 * says goodbye is closed all the same when the client shuts down.
	 */
	void stop() {
		StompSession current;
		synchronized (this) {
			this.stopped = true;
			if (this.connecting != null) {
				this.connecting.dispose();
			}
			current = this.session;
			this.session = null;
		}
		if (current != null && current.isConnected()) {
			try {
				current.disconnect();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not disconnect broker connection " + this.name, ex);
			}
		}
	}

	synchronized boolean isConnected() {
		return this.session != null;
	}

	/**
	 * Returns the number of the connection's current session, or of its last one while it
	 * is down: 1 for the first, and one more for each reconnect.
	 * @return the number
	 */
	synchronized long generation() {
		return this.generation;
	}

	/**
	 * Subscribes to a destination now if connected, and again after every reconnect.
	 * @param destination the broker destination
	 * @param extraHeaders more SUBSCRIBE headers
	 * @param frames what receives the destination's messages: their headers and payload
	 * @return completes when the broker confirmed the subscription, or at once when not
	 * connected
	 */
	synchronized CompletableFuture<Void> subscribe(String destination, StompHeaders extraHeaders,
			BiConsumer<StompHeaders, byte[]> frames) {
		return subscribe(destination, () -> extraHeaders, frames, () -> {
		});
	}

	/**
	 * Subscribes to a destination now if connected, and again after every reconnect, with
	 * headers made for each subscription. A subscription with {@code ack:client} is
	 * acknowledged by this connection, cumulatively, every {@value #ACK_EVERY} messages
	 * (its {@code prefetch-count} must be larger).
	 * @param destination the broker destination
	 * @param extraHeaders makes more SUBSCRIBE headers, for each subscription
	 * @param frames what receives the destination's messages: their headers and payload
	 * @param confirmed run each time the broker confirmed a subscription, or its receipt
	 * did not come in time, on the session it was made on
	 * @return completes when the broker confirmed the subscription, or at once when not
	 * connected
	 */
	synchronized CompletableFuture<Void> subscribe(String destination, Supplier<StompHeaders> extraHeaders,
			BiConsumer<StompHeaders, byte[]> frames, Runnable confirmed) {
		return subscribeDeliveries(destination, extraHeaders,
				(delivery) -> frames.accept(delivery.headers(), delivery.payload()), confirmed);
	}

	/**
	 * Subscribes to a destination now if connected, and again after every reconnect, with
	 * headers made for each subscription; the messages come with the session they came
	 * on, to be acknowledged by their reader (with {@code ack:client-individual}) and
	 * answered on that session only.
	 * @param destination the broker destination
	 * @param extraHeaders makes more SUBSCRIBE headers, for each subscription
	 * @param deliveries what receives the destination's messages
	 * @param confirmed run each time the broker confirmed a subscription, or its receipt
	 * did not come in time
	 * @return completes when the broker confirmed the subscription, or at once when not
	 * connected
	 */
	synchronized CompletableFuture<Void> subscribeDeliveries(String destination, Supplier<StompHeaders> extraHeaders,
			Consumer<Delivery> deliveries, Runnable confirmed) {
		Wanted wanted = new Wanted(destination, extraHeaders, deliveries, confirmed);
		this.subscriptions.put(destination, wanted);
		if (this.session == null) {
			return CompletableFuture.completedFuture(null);
		}
		return wanted.subscribeOn(this.session, this.generation);
	}

	synchronized void unsubscribe(String destination) {
		Wanted wanted = this.subscriptions.remove(destination);
		if (wanted != null && wanted.live != null && this.session != null) {
			try {
				wanted.live.unsubscribe();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not unsubscribe from " + destination, ex);
			}
		}
	}

	/**
	 * Sends a message to the broker.
	 * @param headers its headers, with the destination
	 * @param payload its body
	 * @return whether it was handed to a connection (a message while disconnected is
	 * dropped)
	 */
	boolean send(StompHeaders headers, byte[] payload) {
		StompSession current;
		synchronized (this) {
			current = this.session;
		}
		if (current == null) {
			return false;
		}
		try {
			current.send(headers, payload);
			return true;
		}
		catch (RuntimeException ex) {
			logger.debug("Could not send to the broker on " + this.name, ex);
			return false;
		}
	}

	private void connect() {
		this.connecting = Mono
			.defer(() -> Mono.fromFuture(this.client.connectAsync(this.connectHeaders, new Handler())))
			.timeout(this.connectTimeout)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
				.maxBackoff(Duration.ofSeconds(5))
				.doBeforeRetry((signal) -> logger.debug("Broker connection " + this.name + " failed, retrying",
						signal.failure())))
			.subscribe((session) -> {
			}, (ex) -> logger.warn("Broker connection " + this.name + " gave up", ex));
	}

	private void connected(StompSession connected) {
		synchronized (this) {
			if (this.stopped || this.session != null) {
				// stopped meanwhile, or an attempt that completed after its timeout while
				// the next one succeeded
				connected.disconnect();
				return;
			}
			this.session = connected;
			this.generation++;
			this.subscriptions.values().forEach((wanted) -> wanted.subscribeOn(connected, this.generation));
		}
		logger.info("Broker connection " + this.name + " is up");
		this.connectedChanges.accept(true);
	}

	private void lost(StompSession lost, Throwable cause) {
		synchronized (this) {
			if (this.session != lost) {
				// an attempt that never became current, or a second callback for the same
				// loss
				return;
			}
			this.session = null;
			this.subscriptions.values().forEach((wanted) -> wanted.live = null);
			if (!this.stopped) {
				connect();
			}
		}
		logger.warn("Broker connection " + this.name + " lost: "
				+ ((cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName()));
		this.connectedChanges.accept(false);
	}

	private final class Handler extends StompSessionHandlerAdapter {

		@Override
		public void afterConnected(StompSession session, StompHeaders connectedHeaders) {
			connected(session);
		}

		@Override
		public void handleTransportError(StompSession session, Throwable exception) {
			lost(session, exception);
		}

		@Override
		public void handleException(StompSession session, @Nullable StompCommand command, StompHeaders headers,
				byte[] payload, Throwable exception) {
			logger.warn("Broker connection " + BrokerConnection.this.name + " could not handle a " + command + " frame",
					exception);
		}

		@Override
		public Type getPayloadType(StompHeaders headers) {
			return byte[].class;
		}

		@Override
		public void handleFrame(StompHeaders headers, @Nullable Object payload) {
			String details = (payload instanceof byte[] bytes && bytes.length > 0)
					? " (" + new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8) + ")" : "";
			String message = "Broker connection " + BrokerConnection.this.name + " refused: "
					+ headers.getFirst("message") + details;
			if (SUBSCRIPTION_NOT_FOUND.equals(headers.getFirst("message"))) {
				// RabbitMQ's word for a message still on its way to a subscription the
				// node
				// just ended: the connection stays up
				logger.debug(message);
			}
			else {
				// the broker closes the connection after an ERROR frame, and the loss
				// reconnects
				logger.warn(message);
			}
		}

	}

	/**
	 * A message as a subscription received it, with the session it came on.
	 */
	static final class Delivery {

		private final StompHeaders headers;

		private final byte[] payload;

		private final StompSession session;

		/** Acknowledges a part of a message that holds several; null for a message. */
		private final @Nullable Runnable partAcknowledged;

		Delivery(StompHeaders headers, byte[] payload, StompSession session) {
			this(headers, payload, session, null);
		}

		private Delivery(StompHeaders headers, byte[] payload, StompSession session,
				@Nullable Runnable partAcknowledged) {
			this.headers = headers;
			this.payload = payload;
			this.session = session;
			this.partAcknowledged = partAcknowledged;
		}

		/**
		 * Returns the parts of a message that holds several, each to be acknowledged:
		 * this message is acknowledged once every part is.
		 * @param parts the headers and payload of each part
		 * @return the parts, on this message's session
		 */
		List<Delivery> parts(List<LogBatch.Entry> parts) {
			AtomicInteger unacknowledged = new AtomicInteger(parts.size());
			Runnable acknowledgement = () -> {
				if (unacknowledged.decrementAndGet() == 0) {
					acknowledge();
				}
			};
			return parts.stream()
				.map((part) -> new Delivery(part.headers(), part.payload(), this.session, acknowledgement))
				.toList();
		}

		StompHeaders headers() {
			return this.headers;
		}

		byte[] payload() {
			return this.payload;
		}

		/**
		 * Says whether another message came on the same session as this one.
		 * @param other the other message
		 * @return whether their session is the same
		 */
		boolean cameWith(Delivery other) {
			return this.session == other.session;
		}

		/**
		 * Sends a message on the session this one came on, if it is still connected.
		 * @param headers its headers, with the destination
		 * @param payload its body
		 * @return whether it was handed to the session
		 */
		boolean send(StompHeaders headers, byte[] payload) {
			return sendOnSession(headers, payload) != null;
		}

		/**
		 * Sends a message on the session this one came on, if it is still connected, with
		 * a receipt.
		 * @param headers its headers, with the destination
		 * @param payload its body
		 * @param receipt the receipt id, unique on the session
		 * @param received run when the broker confirmed it took the message: not when the
		 * connection fails first
		 * @return whether it was handed to the session
		 */
		boolean sendWithReceipt(StompHeaders headers, byte[] payload, String receipt, Runnable received) {
			headers.setReceipt(receipt);
			StompSession.Receiptable sent = sendOnSession(headers, payload);
			if (sent == null) {
				return false;
			}
			sent.addReceiptTask(received);
			return true;
		}

		private StompSession.@Nullable Receiptable sendOnSession(StompHeaders headers, byte[] payload) {
			try {
				return this.session.isConnected() ? this.session.send(headers, payload) : null;
			}
			catch (RuntimeException ex) {
				logger.debug("Could not send to the broker", ex);
				return null;
			}
		}

		/**
		 * Acknowledges this message alone, on the session it came on; a part, once every
		 * part of its message is.
		 */
		void acknowledge() {
			if (this.partAcknowledged != null) {
				this.partAcknowledged.run();
				return;
			}
			String ack = this.headers.getAck();
			if (ack == null || !this.session.isConnected()) {
				return;
			}
			try {
				this.session.acknowledge(ack, true);
			}
			catch (RuntimeException ex) {
				logger.debug("Could not acknowledge a message", ex);
			}
		}

	}

	private static final class Wanted {

		private final String destination;

		private final Supplier<StompHeaders> extraHeaders;

		private final Consumer<Delivery> frames;

		private final Runnable confirmedTask;

		private StompSession.@Nullable Subscription live;

		Wanted(String destination, Supplier<StompHeaders> extraHeaders, Consumer<Delivery> frames,
				Runnable confirmedTask) {
			this.destination = destination;
			this.extraHeaders = extraHeaders;
			this.frames = frames;
			this.confirmedTask = confirmedTask;
		}

		/**
		 * Subscribes on a session. A queue name given in the headers gets the session's
		 * generation appended: the queue of the previous session, exclusive to it, may
		 * outlive it on the broker for a while.
		 */
		CompletableFuture<Void> subscribeOn(StompSession session, long generation) {
			StompHeaders extra = this.extraHeaders.get();
			StompHeaders headers = new StompHeaders();
			headers.putAll(extra);
			String queueName = extra.getFirst(BrokerConnections.QUEUE_NAME);
			if (queueName != null) {
				headers.set(BrokerConnections.QUEUE_NAME, queueName + "." + generation);
			}
			headers.setDestination(this.destination);
			headers.setReceipt(UUID.randomUUID().toString());
			CompletableFuture<Void> confirmed = new CompletableFuture<>();
			try {
				this.live = session.subscribe(headers, new Frames(session, "client".equals(extra.getAck())));
				this.live.addReceiptTask(() -> {
					this.confirmedTask.run();
					confirmed.complete(null);
				});
				this.live.addReceiptLostTask(() -> {
					// the broker took the SUBSCRIBE before any later frame all the same
					this.confirmedTask.run();
					confirmed.complete(null);
				});
			}
			catch (RuntimeException ex) {
				logger.debug("Could not subscribe to " + this.destination, ex);
				confirmed.complete(null);
			}
			return confirmed;
		}

		/**
		 * The frames of one subscription on one session, acknowledged on that session.
		 */
		private final class Frames implements StompFrameHandler {

			private final StompSession session;

			private final boolean acknowledged;

			private int unacknowledged;

			Frames(StompSession session, boolean acknowledged) {
				this.session = session;
				this.acknowledged = acknowledged;
			}

			@Override
			public Type getPayloadType(StompHeaders headers) {
				return byte[].class;
			}

			@Override
			public void handleFrame(StompHeaders headers, @Nullable Object payload) {
				Wanted.this.frames
					.accept(new Delivery(headers, (payload != null) ? (byte[]) payload : new byte[0], this.session));
				String ack = headers.getAck();
				if (this.acknowledged && ack != null && ++this.unacknowledged >= ACK_EVERY) {
					this.unacknowledged = 0;
					try {
						this.session.acknowledge(ack, true);
					}
					catch (RuntimeException ex) {
						logger.debug("Could not acknowledge on " + Wanted.this.destination, ex);
					}
				}
			}

		}

	}

}
