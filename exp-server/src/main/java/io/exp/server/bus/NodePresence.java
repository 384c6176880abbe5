package io.exp.server.bus;

import java.time.Duration;
import java.time.Instant;
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
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * Which identities the other nodes hold. Every node announces the identities (bus user
 * names and types) of its sessions on {@value #TOPIC}: when they change, a moment after,
 * and every third of {@code exp.server.bus.relay.node-timeout}; a node that has not
 * announced for the node timeout is forgotten, and a node that stops gracefully announces
 * that it leaves.
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

	private final Map<String, Node> nodes = new ConcurrentHashMap<>();

	private final AtomicBoolean changeAnnounced = new AtomicBoolean();

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
		// events
		if (this.running && this.changeAnnounced.compareAndSet(false, true)) {
			this.scheduler.schedule(() -> {
				this.changeAnnounced.set(false);
				announce(false);
			}, Instant.now().plus(CHANGE_DELAY));
		}
	}

	private void tick() {
		announce(false);
		long now = System.nanoTime();
		this.nodes.entrySet().removeIf((entry) -> {
			boolean silent = !entry.getValue().isFresh(now, this.timeout);
			if (silent) {
				logger.info("Node " + entry.getKey() + " is forgotten: no presence for " + this.timeout);
			}
			return silent;
		});
	}

	private void announce(boolean leaving) {
		Map<String, String> users = new LinkedHashMap<>();
		if (!leaving) {
			for (SimpUser user : this.localUsers.getUsers()) {
				if (user.getPrincipal() instanceof BusPrincipal principal) {
					users.put(user.getName(), principal.identity().type());
				}
			}
		}
		StompHeaders headers = new StompHeaders();
		headers.setDestination(TOPIC);
		headers.set(NodeRelay.ORIGIN, this.broker.nodeId());
		headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
		byte[] body = this.json.writeValueAsBytes(new Announcement(users, leaving));
		this.broker.forDestination(TOPIC).send(headers, body);
	}

	private void heard(StompHeaders headers, byte[] payload) {
		String origin = headers.getFirst(NodeRelay.ORIGIN);
		if (origin == null || origin.equals(this.broker.nodeId())) {
			return;
		}
		Announcement announcement;
		try {
			announcement = this.json.readValue(payload, Announcement.class);
		}
		catch (JacksonException ex) {
			logger.warn("Ignored a malformed presence announcement from node " + origin);
			return;
		}
		if (announcement.leaving()) {
			this.nodes.remove(origin);
		}
		else {
			this.nodes.put(origin, new Node(Map.copyOf(announcement.users()), System.nanoTime()));
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.broker.forDestination(TOPIC).subscribe(TOPIC, this.broker.queueHeaders("presence"), this::heard);
		this.periodic = this.scheduler.scheduleAtFixedRate(this::tick, this.timeout.dividedBy(3));
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.periodic != null) {
			this.periodic.cancel(false);
		}
		announce(true);
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

	record Announcement(Map<String, String> users, boolean leaving) {
	}

	private record Node(Map<String, String> users, long heardAt) {

		boolean isFresh(long now, Duration timeout) {
			return now - this.heardAt < timeout.toNanos();
		}

	}

}
