package io.exp.server.bus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;
import org.springframework.util.MimeType;

/**
 * Joins this node's in-process broker to the other nodes' through the broker, as a node:
 * it hears everything published on the node's broker channel and
 * <ul>
 * <li>publishes each broadcast (to {@code /topic/channel.*}) on the broker's topic of the
 * same name, marked with this node's id, while the local broker delivers it to this
 * node's sessions at once;</li>
 * <li>sends each message for a user ({@code /user/{name}/...}, not for one session) to
 * the destination of every other node that holds sessions of that user
 * ({@link NodePresence}), {@value #NODE_TOPIC_PREFIX}{@code {node id}}, with the reply
 * headers ({@link ReplyFilter}) it carries; a response to a broadcast {@code POST}ed with
 * a timeout on another node also goes to that node ({@link GatheringNodes});</li>
 * <li>subscribes on the broker to a channel's topic while this node has listeners on it
 * ({@link ChannelInterests}), and to its own node destination, and puts what they bring,
 * except its own broadcasts, on the broker channel, marked as remote, so local sessions
 * and every other consumer of the broker channel receive remote messages exactly like
 * local ones.</li>
 * </ul>
 * Only topics are used, whose broker queues belong to subscriptions and go with them:
 * nothing per session, nothing that outlives a node. When a broker connection comes back
 * after it was lost, the subscriptions to the channels it carries get the discontinuity
 * frame ({@link MissedBroadcasts}): broadcasts of other nodes were missed meanwhile.
 */
final class NodeRelay implements MessageHandler, SmartLifecycle {

	/** The header that names the node a message comes from. */
	static final String ORIGIN = "exp-origin";

	static final String NODE_TOPIC_PREFIX = "/topic/exp.node.";

	private static final String USER = "exp-user";

	private static final String USER_DESTINATION = "exp-destination";

	private static final String USER_PREFIX = "/user/";

	/**
	 * Marks a message on the broker channel that came from the broker, so it is not sent
	 * back.
	 */
	static final String REMOTE = "expRemote";

	private final BrokerConnections broker;

	private final NodePresence presence;

	private final GatheringNodes gathering;

	private final SubscribableChannel brokerChannel;

	private final String nodeTopic;

	private final AtomicLong subscriptions = new AtomicLong();

	private final @Nullable BroadcastHistory history;

	private final boolean streamed;

	private final MissedBroadcasts missed;

	private volatile boolean running;

	/**
	 * @param broker the node's broker connections
	 * @param presence the identities the nodes hold
	 * @param gathering the nodes that gather responses to broadcasts
	 * @param brokerChannel the node's broker channel
	 * @param history the node's history, if it keeps one
	 * @param streamed whether broadcasts travel through the {@link BroadcastLog} the
	 * nodes share, which the node reads whole, instead of the channels' topics
	 * @param missed tells the node's subscriptions that broadcasts were missed
	 */
	NodeRelay(BrokerConnections broker, NodePresence presence, GatheringNodes gathering,
			SubscribableChannel brokerChannel, @Nullable BroadcastHistory history, boolean streamed,
			MissedBroadcasts missed) {
		this.gathering = gathering;
		this.history = history;
		this.streamed = streamed;
		this.missed = missed;
		this.broker = broker;
		this.presence = presence;
		this.brokerChannel = brokerChannel;
		this.nodeTopic = NODE_TOPIC_PREFIX + broker.nodeId();
		broker.whenReconnected(this::reconnected);
	}

	/**
	 * A broker connection came back after it was lost: the broadcasts sent on other nodes
	 * meanwhile on the channels whose topics it carries never reached this node. A resume
	 * from before now is told so, and so is every subscription to those channels, before
	 * the first broadcast the connection brings. Nothing to do when broadcasts travel
	 * through the broadcast stream, from which the node reads on where it stopped.
	 */
	private void reconnected(BrokerConnection connection) {
		if (this.streamed) {
			return;
		}
		Predicate<String> carried = (
				channelId) -> this.broker.forDestination(ChannelRules.TOPIC_PREFIX + channelId) == connection;
		if (this.history != null) {
			this.history.missedUpToNow(carried);
		}
		this.missed.missedOn(carried);
	}

	/**
	 * Subscribes to a channel's topic on the broker; once confirmed, the
	 * {@link BroadcastHistory} knows the node follows the channel again. Nothing to do
	 * when broadcasts travel through the broadcast stream, which the node reads whole.
	 * @param channelId the channel id (base64url)
	 * @return completes when the broker confirmed it
	 */
	CompletableFuture<Void> subscribe(String channelId) {
		if (this.streamed) {
			return CompletableFuture.completedFuture(null);
		}
		String topic = ChannelRules.TOPIC_PREFIX + channelId;
		CompletableFuture<Void> subscribed = this.broker.forDestination(topic)
			.subscribe(topic, this.broker.queueHeaders("channel-" + this.subscriptions.incrementAndGet()),
					(headers, payload) -> broadcastHeard(topic, headers, payload));
		if (this.history == null) {
			return subscribed;
		}
		BroadcastHistory history = this.history;
		return subscribed.thenRun(() -> history.following(channelId, true));
	}

	void unsubscribe(String channelId) {
		if (this.streamed) {
			return;
		}
		String topic = ChannelRules.TOPIC_PREFIX + channelId;
		if (this.history != null) {
			this.history.following(channelId, false);
		}
		this.broker.forDestination(topic).unsubscribe(topic);
	}

	@Override
	public void handleMessage(Message<?> message) {
		SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.wrap(message);
		String destination = accessor.getDestination();
		if (accessor.getMessageType() != SimpMessageType.MESSAGE || destination == null
				|| accessor.getHeader(REMOTE) != null) {
			return;
		}
		if (destination.startsWith(ChannelRules.TOPIC_PREFIX)) {
			StompHeaders headers = headers(destination, accessor);
			GatheringNodes.carry(accessor, headers, this.broker.nodeId());
			this.broker.forDestination(destination).send(headers, bytes(message.getPayload()));
		}
		else if (destination.startsWith(USER_PREFIX) && accessor.getSessionId() == null) {
			int slash = destination.indexOf('/', USER_PREFIX.length());
			if (slash < 0) {
				return;
			}
			String user = destination.substring(USER_PREFIX.length(), slash).replace("%2F", "/");
			List<String> nodes = new ArrayList<>(this.presence.nodesHolding(user));
			String replyTo = accessor.getFirstNativeHeader(ReplyFilter.REPLY_TO);
			String gatherer = (replyTo != null) ? this.gathering.node(user, replyTo) : null;
			if (gatherer != null && !nodes.contains(gatherer)) {
				nodes.add(gatherer);
			}
			byte[] payload = bytes(message.getPayload());
			for (String node : nodes) {
				String topic = NODE_TOPIC_PREFIX + node;
				StompHeaders headers = headers(topic, accessor);
				headers.set(USER, user);
				headers.set(USER_DESTINATION, destination.substring(slash));
				copy(accessor, headers, ReplyFilter.REPLY_TO);
				copy(accessor, headers, ReplyFilter.RESPONDER);
				this.broker.forDestination(topic).send(headers, payload);
			}
		}
	}

	private StompHeaders headers(String destination, SimpMessageHeaderAccessor accessor) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination(destination);
		headers.set(ORIGIN, this.broker.nodeId());
		MimeType contentType = accessor.getContentType();
		if (contentType != null) {
			headers.setContentType(contentType);
		}
		return headers;
	}

	private static void copy(NativeMessageHeaderAccessor from, StompHeaders to, String header) {
		String value = from.getFirstNativeHeader(header);
		if (value != null) {
			to.set(header, value);
		}
	}

	static byte[] bytes(Object payload) {
		return (payload instanceof byte[] bytes) ? bytes : String.valueOf(payload).getBytes(StandardCharsets.UTF_8);
	}

	private void broadcastHeard(String topic, StompHeaders headers, byte[] payload) {
		if (!this.broker.nodeId().equals(headers.getFirst(ORIGIN))) {
			deliver(topic, headers, payload);
		}
	}

	private void targetedHeard(StompHeaders headers, byte[] payload) {
		if (this.broker.nodeId().equals(headers.getFirst(ORIGIN))) {
			return;
		}
		String user = headers.getFirst(USER);
		String destination = headers.getFirst(USER_DESTINATION);
		if (user != null && destination != null && destination.startsWith("/queue/")) {
			deliver(USER_PREFIX + user.replace("/", "%2F") + destination, headers, payload);
		}
	}

	/**
	 * Puts a message from another node on this node's broker channel. Runs on the broker
	 * connection's I/O thread: the fan-out to sessions does not block (see
	 * {@link NonBlockingSession}), and keeps the broker's order.
	 */
	private void deliver(String destination, StompHeaders headers, byte[] payload) {
		SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		accessor.setDestination(destination);
		MimeType contentType = headers.getContentType();
		if (contentType != null) {
			accessor.setContentType(contentType);
		}
		for (String header : new String[] { ReplyFilter.REPLY_TO, ReplyFilter.RESPONDER }) {
			String value = headers.getFirst(header);
			if (value != null) {
				accessor.setNativeHeader(header, value);
			}
		}
		GatheringNodes.receive(headers, accessor);
		accessor.setHeader(REMOTE, Boolean.TRUE);
		this.brokerChannel.send(MessageBuilder.createMessage(payload, accessor.getMessageHeaders()));
	}

	@Override
	public void start() {
		this.broker.forDestination(this.nodeTopic)
			.subscribe(this.nodeTopic, this.broker.queueHeaders("targeted"), this::targetedHeard);
		this.brokerChannel.subscribe(this);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.brokerChannel.unsubscribe(this);
		this.broker.forDestination(this.nodeTopic).unsubscribe(this.nodeTopic);
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
