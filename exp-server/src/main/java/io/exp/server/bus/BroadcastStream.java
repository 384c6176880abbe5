package io.exp.server.bus;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeType;

/**
 * The RabbitMQ stream through which the nodes of a cluster share their broadcasts
 * ({@code exp.server.bus.history.stream}): the broker numbers each broadcast once for
 * every node (its offset in the stream is its serial) and keeps them, so every node holds
 * the same history with the same serials, and a subscriber resumes exactly on any node,
 * also after its own node died.
 * <ul>
 * <li>A broadcast published on this node goes to the stream first: on the broker channel
 * it is taken from the local broker (its destination is put aside) and appended to the
 * stream, marked with the channel's destination.</li>
 * <li>The node reads the whole stream on one broker connection, from
 * {@code exp.server.bus.history.max-age} ago when it starts and from where it stopped
 * after a reconnect, and puts each broadcast on the broker channel with its serial, in
 * the stream's order: its own broadcasts too, so every node delivers in the same
 * order.</li>
 * <li>After each subscription it appends a marker of its own, and knows it has caught up
 * with the stream when it reads it back ({@link BroadcastStreamPosition}).</li>
 * </ul>
 * The stream is the one durable thing the cluster keeps on the broker, shared by all its
 * nodes; its size is bounded by the broker's retention policy (see the operations guide).
 */
final class BroadcastStream implements ChannelInterceptor, SmartLifecycle {

	/**
	 * The header of a message on the broker channel that carries the serial the stream
	 * gave it.
	 */
	static final String SERIAL = "expStreamSerial";

	private static final String OFFSET = "x-stream-offset";

	private static final String CHANNEL_DESTINATION = "exp-destination";

	private static final String MARKER = "exp-marker";

	private static final int PREFETCH = 4 * BrokerConnection.ACK_EVERY;

	private final BrokerConnections broker;

	private final SubscribableChannel brokerChannel;

	private final BroadcastStreamPosition position;

	private final String queue;

	private final String appendDestination;

	private final Duration maxAge;

	/** The last offset read, -1 before the first; only touched on the reading thread. */
	private volatile long last = -1;

	private volatile boolean running;

	/**
	 * @param broker the node's broker connections
	 * @param brokerChannel the node's broker channel
	 * @param stream the stream's name
	 * @param position where the node stands in the stream
	 * @param maxAge how far back the node reads the stream when it starts
	 */
	BroadcastStream(BrokerConnections broker, SubscribableChannel brokerChannel, String stream,
			BroadcastStreamPosition position, Duration maxAge) {
		this.broker = broker;
		this.brokerChannel = brokerChannel;
		this.position = position;
		this.queue = "/queue/" + stream;
		this.appendDestination = "/amq/queue/" + stream;
		this.maxAge = maxAge;
	}

	/**
	 * Takes a broadcast published on this node from the local broker and appends it to
	 * the stream; it comes back to every node, this one included, with its serial.
	 * Broadcasts read from the stream, and every other message, pass.
	 */
	@Override
	public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
		SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.wrap(message);
		String destination = accessor.getDestination();
		if (accessor.getMessageType() != SimpMessageType.MESSAGE || accessor.getHeader(SERIAL) != null
				|| SubscriptionInterest.channelId(destination) == null) {
			return message;
		}
		StompHeaders headers = new StompHeaders();
		headers.setDestination(this.appendDestination);
		headers.set(CHANNEL_DESTINATION, destination);
		headers.set(NodeRelay.ORIGIN, this.broker.nodeId());
		MimeType contentType = accessor.getContentType();
		if (contentType != null) {
			headers.setContentType(contentType);
		}
		if (!this.broker.forDestination(this.queue).send(headers, NodeRelay.bytes(message.getPayload()))) {
			throw new BusException("broker.unavailable",
					"The event bus broker is not available; the message was not sent");
		}
		// the local broker and the relay leave a destination of no broker prefix alone
		SimpMessageHeaderAccessor aside = SimpMessageHeaderAccessor.wrap(message);
		aside.setDestination("stream:" + destination);
		return MessageBuilder.createMessage(message.getPayload(), aside.getMessageHeaders());
	}

	private StompHeaders subscribeHeaders() {
		StompHeaders headers = new StompHeaders();
		headers.set("x-queue-type", "stream");
		headers.setAck("client");
		headers.set("prefetch-count", Integer.toString(PREFETCH));
		long from = this.last;
		headers.set(OFFSET, (from >= 0) ? "offset=" + (from + 1)
				: "timestamp=" + Instant.now().minus(this.maxAge).getEpochSecond());
		return headers;
	}

	private void appendMarker() {
		StompHeaders headers = new StompHeaders();
		headers.setDestination(this.appendDestination);
		headers.set(MARKER, this.broker.nodeId());
		this.broker.forDestination(this.queue).send(headers, new byte[0]);
	}

	/** Runs on the broker connection's I/O thread, in the stream's order. */
	private void read(StompHeaders headers, byte[] payload) {
		String offsetText = headers.getFirst(OFFSET);
		long offset;
		try {
			offset = (offsetText != null) ? Long.parseLong(offsetText) : -1;
		}
		catch (NumberFormatException ex) {
			offset = -1;
		}
		if (offset <= this.last) {
			return;
		}
		this.last = offset;
		String destination = headers.getFirst(CHANNEL_DESTINATION);
		if (destination != null && SubscriptionInterest.channelId(destination) != null) {
			deliver(destination, headers, payload, new Serial(this.position.epoch(), offset));
		}
		this.position.heard(offset);
		if (this.broker.nodeId().equals(headers.getFirst(MARKER))) {
			this.position.caughtUp();
		}
	}

	private void deliver(String destination, StompHeaders headers, byte[] payload, Serial serial) {
		SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		accessor.setDestination(destination);
		MimeType contentType = headers.getContentType();
		if (contentType != null) {
			accessor.setContentType(contentType);
		}
		accessor.setHeader(SERIAL, serial);
		accessor.setHeader(NodeRelay.REMOTE, Boolean.TRUE);
		this.brokerChannel.send(MessageBuilder.createMessage(payload, accessor.getMessageHeaders()));
	}

	@Override
	public void start() {
		this.broker.forDestination(this.queue)
			.subscribe(this.queue, this::subscribeHeaders, this::read, this::appendMarker);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.broker.forDestination(this.queue).unsubscribe(this.queue);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return BrokerConnections.PHASE + 1;
	}

}
