package io.exp.server.bus;

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
 * The log on the broker through which the nodes of a cluster share their broadcasts
 * ({@code exp.server.bus.history.stream}): a broadcast published on a node goes to the
 * log first, the log gives it one serial for every node, and every node reads the whole
 * log and delivers each broadcast with that serial, in the log's order. A RabbitMQ stream
 * ({@link BroadcastStream}) or, on ActiveMQ Artemis, a topic one node at a time numbers
 * ({@link SequencedBroadcasts}).
 * <p>
 * As the first interceptor on the broker channel, it takes a broadcast published on this
 * node from the local broker (its destination is put aside) and appends it to the log,
 * marked with the channel's destination; it comes back to every node, this one included,
 * with its serial. Broadcasts read from the log, and every other message, pass.
 */
abstract class BroadcastLog implements ChannelInterceptor, SmartLifecycle {

	/**
	 * The header of a message on the broker channel that carries the serial the log gave
	 * it.
	 */
	static final String SERIAL = "expStreamSerial";

	/** The header of a message in the log that names its channel's destination. */
	static final String CHANNEL_DESTINATION = "exp-destination";

	/** The header of a marker a node appends to the log, with the node's id. */
	static final String MARKER = "exp-marker";

	private final SubscribableChannel brokerChannel;

	private final String nodeId;

	private volatile boolean running;

	/**
	 * @param brokerChannel the node's broker channel
	 * @param nodeId this node's id
	 */
	BroadcastLog(SubscribableChannel brokerChannel, String nodeId) {
		this.brokerChannel = brokerChannel;
		this.nodeId = nodeId;
	}

	/**
	 * Appends a broadcast, or a marker, to the log.
	 * @param headers its headers, without a destination
	 * @param payload its body
	 * @return whether it was handed to the broker
	 */
	abstract boolean append(StompHeaders headers, byte[] payload);

	@Override
	public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
		SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.wrap(message);
		String destination = accessor.getDestination();
		if (accessor.getMessageType() != SimpMessageType.MESSAGE || accessor.getHeader(SERIAL) != null
				|| SubscriptionInterest.channelId(destination) == null) {
			return message;
		}
		StompHeaders headers = new StompHeaders();
		headers.set(CHANNEL_DESTINATION, destination);
		MimeType contentType = accessor.getContentType();
		if (contentType != null) {
			headers.setContentType(contentType);
		}
		GatheringNodes.carry(accessor, headers, this.nodeId);
		if (!append(headers, NodeRelay.bytes(message.getPayload()))) {
			throw new BusException("broker.unavailable",
					"The event bus broker is not available; the message was not sent");
		}
		// the local broker and the relay leave a destination of no broker prefix alone
		accessor.setDestination("stream:" + destination);
		return MessageBuilder.createMessage(message.getPayload(), accessor.getMessageHeaders());
	}

	/**
	 * Delivers a broadcast read from the log to this node's sessions, with its serial, if
	 * it names a channel.
	 * @param headers its headers in the log
	 * @param payload its body
	 * @param serial the serial the log gave it
	 */
	final void deliver(StompHeaders headers, byte[] payload, Serial serial) {
		String destination = headers.getFirst(CHANNEL_DESTINATION);
		if (destination == null || SubscriptionInterest.channelId(destination) == null) {
			return;
		}
		SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		accessor.setDestination(destination);
		MimeType contentType = headers.getContentType();
		if (contentType != null) {
			accessor.setContentType(contentType);
		}
		GatheringNodes.receive(headers, accessor);
		accessor.setHeader(SERIAL, serial);
		accessor.setHeader(NodeRelay.REMOTE, Boolean.TRUE);
		this.brokerChannel.send(MessageBuilder.createMessage(payload, accessor.getMessageHeaders()));
	}

	/** Subscribes to the log on the broker. */
	abstract void subscribe();

	/** Ends the subscriptions to the log. */
	abstract void unsubscribe();

	@Override
	public void start() {
		subscribe();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		unsubscribe();
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
