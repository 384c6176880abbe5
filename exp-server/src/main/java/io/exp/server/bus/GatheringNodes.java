package io.exp.server.bus;

import java.time.Clock;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * Which node gathers the responses to a broadcast {@code POST}ed with a timeout (the EXP
 * SDKs' collecting broadcast), so that a response sent on any other node reaches it, and
 * no other. The node that takes the {@code POST} marks the broadcast
 * ({@link #gathering(String, String)}); on the way to the other nodes, through the
 * relay's topics or the log they share, the mark travels as headers that name the
 * broadcaster, the broadcast and that node; each node remembers them for the reply window
 * and sends a response to that broadcaster, for that broadcast, to that node too. Kept
 * per broadcaster and id, so no one can divert another's responses by reusing an id.
 * Bounded: the most recent {@value #CAPACITY} broadcasts. An interceptor of the broker
 * channel, it remembers the mark of a broadcast from another node before any of this
 * node's sessions can receive it, and so answer it.
 */
final class GatheringNodes implements ChannelInterceptor {

	/**
	 * The header, on the broker channel, of a broadcast whose responses a node gathers.
	 */
	static final String MARK = "expGathering";

	private static final String USER_HEADER = "exp-gathering-user";

	private static final String ID_HEADER = "exp-gathering-id";

	private static final String NODE_HEADER = "exp-gathering-node";

	/** The headers that carry the mark between nodes. */
	static final String[] HEADERS = { USER_HEADER, ID_HEADER, NODE_HEADER };

	private static final int CAPACITY = 10_000;

	private final RecentEntries<Gathering, String> gatherers;

	private final String nodeId;

	/**
	 * @param nodeId this node's id
	 * @param window how long responses to a broadcast are taken
	 * @param clock the clock
	 */
	GatheringNodes(String nodeId, Duration window, Clock clock) {
		this.nodeId = nodeId;
		this.gatherers = new RecentEntries<>(CAPACITY, window, clock);
	}

	/**
	 * The headers to publish a broadcast with whose responses this node gathers.
	 * @param broadcaster the bus user name of who sent it
	 * @param id its id
	 * @return the headers, for Spring's messaging template
	 */
	static MessageHeaders gathering(String broadcaster, String id) {
		SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		accessor.setHeader(MARK, new Gathering(broadcaster, id));
		accessor.setLeaveMutable(true);
		return accessor.getMessageHeaders();
	}

	/**
	 * Adds the mark of a broadcast published on a node, if it has one, to the headers it
	 * leaves the node with.
	 * @param message the broadcast's headers on the broker channel
	 * @param out its headers for the broker
	 * @param nodeId the node that gathers
	 */
	static void carry(MessageHeaderAccessor message, StompHeaders out, String nodeId) {
		if (message.getHeader(MARK) instanceof Gathering gathering) {
			out.set(USER_HEADER, gathering.broadcaster());
			out.set(ID_HEADER, gathering.id());
			out.set(NODE_HEADER, nodeId);
		}
	}

	/**
	 * Puts the mark a broadcast from another node carries, if any, on the message that
	 * brings it to this node's broker channel.
	 * @param in its headers from the broker
	 * @param message its headers on the broker channel
	 */
	static void receive(StompHeaders in, MessageHeaderAccessor message) {
		for (String header : HEADERS) {
			String value = in.getFirst(header);
			if (value != null) {
				message.setHeader(header, value);
			}
		}
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		if (message.getHeaders().get(NodeRelay.REMOTE) != null) {
			heard(SimpMessageHeaderAccessor.wrap(message));
		}
		return message;
	}

	/**
	 * Remembers the node that gathers the responses to a broadcast from another node.
	 * @param message the broadcast's headers on this node's broker channel
	 */
	void heard(MessageHeaderAccessor message) {
		if (message.getHeader(USER_HEADER) instanceof String user && message.getHeader(ID_HEADER) instanceof String id
				&& message.getHeader(NODE_HEADER) instanceof String node && !node.equals(this.nodeId)) {
			this.gatherers.put(new Gathering(user, id), node);
		}
	}

	/**
	 * Returns the other node that gathers the responses to a broadcast, while it takes
	 * them.
	 * @param broadcaster the bus user name a response is for
	 * @param id the id of the broadcast it answers
	 * @return the node id, or {@code null} when no other node gathers them
	 */
	@Nullable String node(String broadcaster, String id) {
		return this.gatherers.get(new Gathering(broadcaster, id));
	}

	/**
	 * A broadcast whose responses a node gathers.
	 *
	 * @param broadcaster the bus user name of who sent it
	 * @param id its id
	 */
	record Gathering(String broadcaster, String id) {
	}

}
