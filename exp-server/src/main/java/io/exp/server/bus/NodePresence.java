package io.exp.server.bus;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * Which identities the other nodes hold. Every node numbers the changes of its identities
 * (bus user names and types) and announces them on {@value #TOPIC}: a moment after
 * sessions connect or end, only what joined and left since its previous change
 * ({@link LocalPresence}); every third of {@code exp.server.bus.relay.node-timeout} that
 * it is alive, with the number of its last change; and all its identities, in parts, when
 * a node asks, which a node does when it starts, when it hears of a node it does not
 * know, and when a number shows that it missed a change ({@link RemoteNode}). A node that
 * has not been heard for the node timeout is forgotten, and a node that stops gracefully
 * announces that it leaves.
 */
final class NodePresence implements SmartLifecycle {

	static final String TOPIC = "/topic/exp.presence";

	private static final Log logger = LogFactory.getLog(NodePresence.class);

	private static final Duration CHANGE_DELAY = Duration.ofMillis(50);

	private final BrokerConnections broker;

	private final SimpUserRegistry localUsers;

	private final TaskScheduler scheduler;

	private final JsonMapper json;

	private final Duration timeout;

	private final Map<String, RemoteNode> nodes = new ConcurrentHashMap<>();

	/** Guarded by itself, and held while its messages are sent, so they go in order. */
	private final LocalPresence local = new LocalPresence();

	private final AtomicBoolean changeAnnounced = new AtomicBoolean();

	private final AtomicBoolean snapshotAnnounced = new AtomicBoolean();

	private @Nullable ScheduledFuture<?> periodic;

	private volatile boolean running;

	NodePresence(BrokerConnections broker, SimpUserRegistry localUsers, TaskScheduler scheduler, JsonMapper json,
			Duration timeout) {
		this.broker = broker;
		this.localUsers = localUsers;
		this.scheduler = scheduler;
		this.json = json;
		this.timeout = timeout;
	}

	/**
	 * Returns the other nodes that hold sessions of a user now.
	 * @param user a bus user name
	 * @return their node ids
	 */
	List<String> nodesHolding(String user) {
		long now = System.nanoTime();
		return this.nodes.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().isFresh(now, this.timeout)
					&& entry.getValue().users().containsKey(user))
			.map(Map.Entry::getKey)
			.toList();
	}

	/**
	 * Returns the identities held by the other nodes.
	 * @return by bus user name, its type
	 */
	Map<String, String> remoteUsers() {
		long now = System.nanoTime();
		Map<String, String> users = new LinkedHashMap<>();
		this.nodes.values()
			.stream()
			.filter((node) -> node.isFresh(now, this.timeout))
			.forEach((node) -> users.putAll(node.users()));
		return users;
	}

	@EventListener({ SessionConnectedEvent.class, SessionDisconnectEvent.class })
	void sessionsChanged() {
		// a moment later: Spring's user registry hears of the session through the same
		// events, and the changes of the moment go together
		if (this.running && this.changeAnnounced.compareAndSet(false, true)) {
			later(() -> {
				this.changeAnnounced.set(false);
				announceChanges(false);
			});
		}
	}

	private void snapshotAsked() {
		// a moment later, so the nodes that ask together get one snapshot
		if (this.running && this.snapshotAnnounced.compareAndSet(false, true)) {
			later(() -> {
				this.snapshotAnnounced.set(false);
				synchronized (this.local) {
					this.local.snapshot().forEach(this::send);
				}
			});
		}
	}

	/**
	 * Runs a task a moment later, unless the node is closing: its scheduler stops taking
	 * tasks when the context closes, while sessions still end.
	 */
	private void later(Runnable task) {
		try {
			this.scheduler.schedule(task, Instant.now().plus(CHANGE_DELAY));
		}
		catch (TaskRejectedException ex) {
			logger.debug("Presence not announced: the node is closing");
		}
	}

	private void tick() {
		announceChanges(true);
		long now = System.nanoTime();
		this.nodes.entrySet().removeIf((entry) -> {
			boolean silent = !entry.getValue().isFresh(now, this.timeout);
			if (silent) {
				logger.info("Node " + entry.getKey() + " is forgotten: no presence for " + this.timeout);
			}
			return silent;
		});
	}

	private void announceChanges(boolean alive) {
		Map<String, String> users = new HashMap<>();
		for (SimpUser user : this.localUsers.getUsers()) {
			if (user.getPrincipal() instanceof BusPrincipal principal) {
				users.put(user.getName(), principal.identity().type());
			}
		}
		synchronized (this.local) {
			this.local.changesTo(users).forEach(this::send);
			if (alive) {
				send(this.local.alive());
			}
		}
	}

	private void send(PresenceAnnouncement message) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination(TOPIC);
		headers.set(NodeRelay.ORIGIN, this.broker.nodeId());
		headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
		this.broker.forDestination(TOPIC).send(headers, this.json.writeValueAsBytes(message));
	}

	private void heard(StompHeaders headers, byte[] payload) {
		String origin = headers.getFirst(NodeRelay.ORIGIN);
		if (origin == null || origin.equals(this.broker.nodeId())) {
			return;
		}
		PresenceAnnouncement message;
		try {
			message = this.json.readValue(payload, PresenceAnnouncement.class);
		}
		catch (JacksonException ex) {
			logger.warn("Ignored a malformed presence announcement from node " + origin);
			return;
		}
		switch (message.kind()) {
			case LEAVING -> this.nodes.remove(origin);
			case ASK -> {
				if (message.node() == null || message.node().equals(this.broker.nodeId())) {
					snapshotAsked();
				}
			}
			default -> {
				long now = System.nanoTime();
				RemoteNode node = this.nodes.computeIfAbsent(origin, (id) -> new RemoteNode());
				node.heard(message, now);
				if (node.shouldAsk(now, this.timeout.dividedBy(3))) {
					send(PresenceAnnouncement.ask(origin));
				}
			}
		}
	}

	@Override
	public void start() {
		this.running = true;
		// on every (re)subscription, everything the other nodes hold: this node may have
		// missed anything before
		this.broker.forDestination(TOPIC)
			.subscribe(TOPIC, () -> this.broker.queueHeaders("presence"), this::heard,
					() -> this.scheduler.schedule(() -> send(PresenceAnnouncement.ask(null)), Instant.now()));
		this.periodic = this.scheduler.scheduleAtFixedRate(this::tick, this.timeout.dividedBy(3));
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.periodic != null) {
			this.periodic.cancel(false);
		}
		send(PresenceAnnouncement.leaving());
		this.broker.forDestination(TOPIC).unsubscribe(TOPIC);
		this.nodes.clear();
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
