package io.exp.server.socketio;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.exp.server.auth.Identity;
import io.exp.server.auth.InvalidTokenException;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.BusException;
import io.exp.server.bus.ChannelRules;
import io.exp.server.bus.ConnectionsPerIdentity;
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
 * Puts socket.io clients on the bus's channels. A client sends {@code subscribe [channel ids]} and is answered with
 * {@code subscribed [the ids it may listen on]} and, for each other id, {@code refused {channel, error}}; every
 * broadcast that passes through this node's broker channel on a channel it subscribed to reaches it as
 * {@code broadcast {type, id, channel, name, payload, sender}}, with the channel spelled as the client spelled it.
 * The token comes from the query string and is verified like a STOMP {@code CONNECT}'s.
 */
final class SocketIoBridge implements MessageHandler {

	private static final Log logger = LogFactory.getLog(SocketIoBridge.class);

	private final TokenService tokens;

	private final JsonMapper json;

	private final int maxSubscriptions;

	/** Per identity, its open socket.io connections on this node. */
	private final ConnectionsPerIdentity<SocketIoSocket> connections;

	private final BroadcastSenders senders;

	/** Per channel (base64url as the bus spells it), its socket.io listeners and how each spells the channel. */
	private final Map<String, Map<SocketIoSocket, String>> listeners = new ConcurrentHashMap<>();

	SocketIoBridge(TokenService tokens, JsonMapper json, int maxSubscriptions, int maxConnectionsPerIdentity,
			BroadcastSenders senders) {
		this.connections = new ConnectionsPerIdentity<>(maxConnectionsPerIdentity);
		this.senders = senders;
		this.tokens = tokens;
		this.json = json;
		this.maxSubscriptions = maxSubscriptions;
	}

	void attach(SocketIoNamespace namespace) {
		namespace.on("connection", (args) -> connected((SocketIoSocket) args[0]));
	}

	int listenerCount(String channelId) {
		Map<SocketIoSocket, String> sockets = this.listeners.get(channelId);
		return (sockets != null) ? sockets.size() : 0;
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
			socket.send("refused", new JSONObject(Map.of("error", Map.of("code", "limit.connections", "message",
					"This identity already has " + this.connections.max()
							+ " open socket.io connections (exp.server.bus.max-connections-per-identity)"))));
			socket.disconnect(true);
			return;
		}
		Set<String> subscribed = ConcurrentHashMap.newKeySet();
		socket.on("disconnect", (args) -> {
			subscribed.forEach((channel) -> forget(channel, socket));
			this.connections.close(identity, socket);
		});
		socket.on("subscribe", (args) -> subscribe(socket, identity, subscribed, (args.length > 0) ? args[0] : null));
		if (!socket.isConnected()) {
			// closed before the disconnect listener was there
			this.connections.close(identity, socket);
		}
	}

	int connectionCount(Identity identity) {
		return this.connections.count(identity);
	}

	private void subscribe(SocketIoSocket socket, Identity identity, Set<String> subscribed,
			@Nullable Object ids) {
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
		for (String id : requested) {
			try {
				String channel = ChannelRules.check(identity, SdkChannelIds.toBus(id), false).encode();
				if (!subscribed.contains(channel) && subscribed.size() >= this.maxSubscriptions) {
					throw new BusException("limit.subscriptions",
							"At most " + this.maxSubscriptions + " subscriptions per connection");
				}
				subscribed.add(channel);
				this.listeners.computeIfAbsent(channel, (key) -> new ConcurrentHashMap<>()).put(socket, id);
				accepted.put(id);
			}
			catch (BusException ex) {
				socket.send("refused", new JSONObject(Map.of("channel", id, "error",
						Map.of("code", ex.getCode(), "message", ex.getMessage()))));
			}
		}
		if (!socket.isConnected()) {
			// closed while subscribing: the disconnect listener may have run before these were added
			subscribed.forEach((channel) -> forget(channel, socket));
			return;
		}
		socket.send("subscribed", accepted);
	}

	private void forget(String channel, SocketIoSocket socket) {
		this.listeners.computeIfPresent(channel, (key, sockets) -> {
			sockets.remove(socket);
			return sockets.isEmpty() ? null : sockets;
		});
	}

	/**
	 * Hears what the node's broker channel carries: every broadcast published on this node, over STOMP or REST.
	 */
	@Override
	public void handleMessage(Message<?> message) {
		if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) != SimpMessageType.MESSAGE) {
			return;
		}
		String destination = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
		if (destination == null || !destination.startsWith(ChannelRules.TOPIC_PREFIX)) {
			return;
		}
		String channel = destination.substring(ChannelRules.TOPIC_PREFIX.length());
		Map<SocketIoSocket, String> sockets = this.listeners.get(channel);
		if (sockets == null || sockets.isEmpty()) {
			return;
		}
		Map<String, Object> envelope = read(message.getPayload());
		if (envelope == null) {
			return;
		}
		if (envelope.get("id") instanceof String id && envelope.get("sender") instanceof Map<?, ?> sender
				&& sender.get("uuid") instanceof String uuid) {
			this.senders.sent(id, channel, uuid);
		}
		sockets.forEach((socket, spelling) -> {
			Map<String, Object> copy = new LinkedHashMap<>(envelope);
			copy.put("channel", spelling);
			try {
				socket.send("broadcast", new JSONObject(copy));
			}
			catch (RuntimeException ex) {
				logger.debug("Could not deliver a broadcast to socket.io client " + socket.getId(), ex);
			}
		});
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
