package io.exp.server.socketio;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.exp.server.auth.Identity;
import io.exp.server.auth.InvalidTokenException;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.BusException;
import io.exp.server.bus.ChannelInterests;
import io.exp.server.bus.ChannelRules;
import io.exp.server.bus.ConnectionsPerIdentity;
import io.exp.server.bus.EventBusProperties;
import io.socket.socketio.server.SocketIoNamespace;
import io.socket.socketio.server.SocketIoSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.json.JSONArray;
import org.json.JSONObject;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;

/**
 * Puts socket.io clients on the bus's channels. A client sends
 * {@code subscribe [channel ids]} and is answered with
 * {@code subscribed [the ids it may listen on]} and, for each other id, {@code refused
 * {channel, error}}; every broadcast that passes through this node's broker channel on a
 * channel it subscribed to reaches it as {@code broadcast {type, id, channel, name,
 * payload, sender}}, with the channel spelled as the client spelled it. The token comes
 * from the query string and is verified like a STOMP {@code CONNECT}'s.
 */
final class SocketIoBridge implements MessageHandler {

	private static final Log logger = LogFactory.getLog(SocketIoBridge.class);

	private static final String USER_PREFIX = "/user/";

	private static final String RESPONSES = "/queue/responses";

	private static final Duration SUBSCRIBE_CONFIRMATION = Duration.ofSeconds(5);

	private final TokenService tokens;

	private final JsonMapper json;

	private final int maxSubscriptions;

	private final long maxQueued;

	/** Per identity, its open socket.io connections on this node. */
	private final ConnectionsPerIdentity<SocketIoSocket> connections;

	private final BroadcastSenders senders;

	private final BroadcastResponses responses;

	private final PollAnswers pollAnswers;

	/**
	 * This node's count of listeners per channel: with a relayed broker, what the node
	 * hears from the others.
	 */
	private final ChannelInterests interests;

	/**
	 * Per channel (base64url as the bus spells it), its socket.io listeners and how each
	 * spells the channel.
	 */
	private final Map<String, Map<SocketIoConnection, String>> listeners = new ConcurrentHashMap<>();

	SocketIoBridge(TokenService tokens, JsonMapper json, EventBusProperties limits, BroadcastSenders senders,
			BroadcastResponses responses, ChannelInterests interests, PollAnswers pollAnswers) {
		this.interests = interests;
		this.pollAnswers = pollAnswers;
		this.connections = new ConnectionsPerIdentity<>(limits.getMaxConnectionsPerIdentity());
		this.maxSubscriptions = limits.getMaxSubscriptions();
		this.maxQueued = limits.getSendBufferSizeLimit();
		this.senders = senders;
		this.responses = responses;
		this.tokens = tokens;
		this.json = json;
	}

	void attach(SocketIoNamespace namespace) {
		namespace.on("connection", (args) -> connected((SocketIoSocket) args[0]));
	}

	int listenerCount(String channelId) {
		Map<SocketIoConnection, String> clients = this.listeners.get(channelId);
		return (clients != null) ? clients.size() : 0;
	}

	int connectionCount(Identity identity) {
		return this.connections.count(identity);
	}

	private void connected(SocketIoSocket socket) {
		Identity identity;
		try {
			identity = this.tokens.verify(socket.getInitialQuery().getOrDefault("token", ""));
		}
		catch (InvalidTokenException ex) {
			socket.disconnect(true);
			return;
		}
		if (!this.connections.open(identity, socket)) {
			socket.send("refused",
					new JSONObject(Map.of("error",
							Map.of("code", "limit.connections", "message", "This identity already has "
									+ this.connections.max()
									+ " open socket.io connections (exp.server.bus.max-connections-per-identity)"))));
			socket.disconnect(true);
			return;
		}
		SocketIoConnection client = new SocketIoConnection(socket, identity, this.maxQueued, this.pollAnswers);
		socket.on("disconnect", (args) -> closed(client, socket));
		socket.on("subscribe", (args) -> subscribe(client, socket, (args.length > 0) ? args[0] : null));
		if (!socket.isConnected()) {
			// closed before the disconnect listener was there
			closed(client, socket);
		}
	}

	private void closed(SocketIoConnection client, SocketIoSocket socket) {
		client.channels().forEach((channel) -> unlisten(channel, client));
		this.connections.close(client.identity(), socket);
	}

	private void subscribe(SocketIoConnection client, SocketIoSocket socket, @Nullable Object ids) {
		List<String> requested = new ArrayList<>();
		if (ids instanceof JSONArray array) {
			for (int i = 0; i < array.length(); i++) {
				requested.add(String.valueOf(array.get(i)));
			}
		}
		else if (ids instanceof String id) {
			requested.add(id);
		}
		JSONArray accepted = new JSONArray();
		List<CompletableFuture<Void>> heard = new ArrayList<>();
		for (String id : requested) {
			try {
				String channel = ChannelRules.check(client.identity(), SdkChannelIds.toBus(id), false).encode();
				if (!client.channels().contains(channel) && client.channels().size() >= this.maxSubscriptions) {
					throw new BusException("limit.subscriptions",
							"At most " + this.maxSubscriptions + " subscriptions per connection");
				}
				client.channels().add(channel);
				heard.add(listen(channel, client, id));
				accepted.put(id);
			}
			catch (BusException ex) {
				JSONObject refused = new JSONObject(
						Map.of("channel", id, "error", Map.of("code", ex.getCode(), "message", ex.getMessage())));
				client.send("refused", refused, refused.toString().length());
			}
		}
		if (!socket.isConnected()) {
			// closed while subscribing: the disconnect listener may have run before these
			// were added
			closed(client, socket);
			return;
		}
		// acknowledged once the node hears these channels from every node, so that
		// nothing broadcast after the
		// acknowledgement is missed; a broker that does not confirm in time delays the
		// acknowledgement no further
		CompletableFuture.allOf(heard.toArray(CompletableFuture[]::new))
			.completeOnTimeout(null, SUBSCRIBE_CONFIRMATION.toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((done, ex) -> client.send("subscribed", accepted, accepted.toString().length()));
	}

	/**
	 * Starts delivering a channel's broadcasts on this node to a client. With
	 * {@link #unlisten}, the one place where this node's interest in a channel changes.
	 */
	private CompletableFuture<Void> listen(String channel, SocketIoConnection client, String spelling) {
		AtomicBoolean added = new AtomicBoolean();
		this.listeners.compute(channel, (key, clients) -> {
			Map<SocketIoConnection, String> listening = (clients != null) ? clients : new ConcurrentHashMap<>();
			added.set(listening.put(client, spelling) == null);
			return listening;
		});
		return added.get() ? this.interests.interest(channel) : CompletableFuture.completedFuture(null);
	}

	private void unlisten(String channel, SocketIoConnection client) {
		AtomicBoolean removed = new AtomicBoolean();
		this.listeners.computeIfPresent(channel, (key, clients) -> {
			removed.set(clients.remove(client) != null);
			return clients.isEmpty() ? null : clients;
		});
		if (removed.get()) {
			this.interests.release(channel);
		}
	}

	/**
	 * Hears what the node's broker channel carries, published on this node over STOMP or
	 * REST: broadcasts, for the socket.io clients that listen on their channel, and
	 * responses to a user, for the broadcasts that user POSTed here and still awaits
	 * answers to.
	 */
	@Override
	public void handleMessage(Message<?> message) {
		if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) != SimpMessageType.MESSAGE) {
			return;
		}
		String destination = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
		if (destination == null) {
			return;
		}
		if (destination.startsWith(ChannelRules.TOPIC_PREFIX)) {
			broadcast(destination.substring(ChannelRules.TOPIC_PREFIX.length()), message.getPayload());
		}
		else if (destination.startsWith(USER_PREFIX) && destination.endsWith(RESPONSES) && this.responses.waiting()) {
			response(destination.substring(USER_PREFIX.length(), destination.length() - RESPONSES.length()),
					message.getPayload());
		}
	}

	private void broadcast(String channel, Object payload) {
		Map<SocketIoConnection, String> clients = this.listeners.get(channel);
		if (clients == null || clients.isEmpty()) {
			return;
		}
		Map<String, Object> envelope = read(payload);
		if (envelope == null) {
			return;
		}
		if (envelope.get("id") instanceof String id && envelope.get("sender") instanceof Map<?, ?> sender
				&& sender.get("uuid") instanceof String uuid) {
			this.senders.sent(id, channel, uuid);
		}
		long bytes = (payload instanceof byte[] body) ? body.length : String.valueOf(payload).length();
		clients.forEach((client, spelling) -> {
			Map<String, Object> copy = new LinkedHashMap<>(envelope);
			copy.put("channel", spelling);
			try {
				client.send("broadcast", new JSONObject(copy), bytes + spelling.length());
			}
			catch (RuntimeException ex) {
				logger.debug("Could not deliver a broadcast to socket.io client " + client.id(), ex);
			}
		});
	}

	/**
	 * A response sent over STOMP to {@code user}: perhaps to a broadcast that user POSTed
	 * here.
	 */
	private void response(String user, Object payload) {
		Map<String, Object> envelope = read(payload);
		if (envelope != null && envelope.get("id") instanceof String id
				&& envelope.get("channel") instanceof String channel) {
			this.responses.add(id, channel, user, envelope.get("payload"));
		}
	}

	@SuppressWarnings("unchecked")
	private @Nullable Map<String, Object> read(Object payload) {
		try {
			byte[] body = (payload instanceof byte[] bytes) ? bytes
					: String.valueOf(payload).getBytes(StandardCharsets.UTF_8);
			return (this.json.readValue(body, Object.class) instanceof Map<?, ?> map) ? (Map<String, Object>) map
					: null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
