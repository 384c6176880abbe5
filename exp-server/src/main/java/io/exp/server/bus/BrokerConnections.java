package io.exp.server.bus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.handler.timeout.WriteTimeoutHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.messaging.MessageHeaders;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.simp.broker.BrokerAvailabilityEvent;
import org.springframework.messaging.simp.stomp.ReactorNettyTcpStompClient;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompReactorNettyCodec;
import org.springframework.messaging.tcp.reactor.ReactorNettyTcpClient;
import org.springframework.scheduling.TaskScheduler;

/**
 * This node's few connections to the broker ({@code exp.server.bus.relay.connections}),
 * whatever the number of sessions, made with Spring's STOMP client over TCP (Reactor
 * Netty), and the node's id on the broker. The broker is available (a
 * {@link BrokerAvailabilityEvent} from this object) while every connection is up.
 */
final class BrokerConnections implements SmartLifecycle {

	/**
	 * How many heart-beat intervals a write to the broker may wait before its connection
	 * is closed as lost, as many as Spring's STOMP client waits for a frame from the
	 * broker.
	 */
	static final int HEARTBEATS_PER_WRITE = 3;

	/** Starts before, and stops after, what uses the connections. */
	static final int PHASE = Integer.MAX_VALUE - 3;

	/**
	 * The start of the names of the broker queues of every node, where the broker lets
	 * subscribers name them.
	 */
	static final String QUEUE_PREFIX = "exp.node.";

	/**
	 * The SUBSCRIBE header with which RabbitMQ lets a subscriber name the queue of a
	 * topic subscription.
	 */
	static final String QUEUE_NAME = "x-queue-name";

	private final String nodeId = UUID.randomUUID().toString();

	private final ReactorNettyTcpStompClient client;

	private final List<BrokerConnection> connections = new ArrayList<>();

	private final ApplicationEventPublisher events;

	private final List<Consumer<BrokerConnection>> reconnectListeners = new CopyOnWriteArrayList<>();

	private boolean available;

	private volatile boolean running;

	BrokerConnections(EventBusProperties properties, TaskScheduler scheduler, ApplicationEventPublisher events) {
		EventBusProperties.Relay relay = properties.getRelay();
		this.events = events;
		long heartbeat = properties.getHeartbeat().toMillis();
		// a write that waits for three heart-beats closes the connection: the broker
		// stopped reading, and the node's sends would wait for good, its stop too
		this.client = new BrokerStompClient(new ReactorNettyTcpClient<>(
				(tcp) -> tcp.host(relay.getHost())
					.port(relay.getPort())
					.doOnConnected((connection) -> connection.addHandlerLast(
							new WriteTimeoutHandler(HEARTBEATS_PER_WRITE * heartbeat, TimeUnit.MILLISECONDS))),
				new StompReactorNettyCodec()), scheduler);
		this.client.setMessageConverter(new ByteArrayMessageConverter() {

			@Override
			protected boolean supportsMimeType(@Nullable MessageHeaders headers) {
				// bodies pass through as they are (JSON from the bus), whatever their
				// content type
				return true;
			}

		});
		this.client.setDefaultHeartbeat(new long[] { heartbeat, heartbeat });
		StompHeaders connect = new StompHeaders();
		connect.setLogin(relay.getLogin());
		connect.setPasscode(relay.getPasscode());
		if (!relay.getVirtualHost().isEmpty()) {
			connect.setHost(relay.getVirtualHost());
		}
		for (int i = 0; i < Math.max(1, relay.getConnections()); i++) {
			int index = i;
			this.connections.add(new BrokerConnection("#" + i + " of node " + this.nodeId, this.client, connect,
					Duration.ofSeconds(10), (up) -> connectedChanged(this.connections.get(index), up)));
		}
	}

	/**
	 * Tells a listener each time one of the connections comes back after it was lost: on
	 * the connection's thread, after its subscriptions were made again and before it
	 * delivers any message, so what the listener sends goes before what the connection
	 * brings after the loss.
	 * @param listener told which connection came back (see {@link #forDestination})
	 */
	void whenReconnected(Consumer<BrokerConnection> listener) {
		this.reconnectListeners.add(listener);
	}

	/**
	 * Returns this node's id, random at every start, which names its destination and its
	 * queues on the broker.
	 * @return the id
	 */
	String nodeId() {
		return this.nodeId;
	}

	/**
	 * Returns the connection that carries a destination, always the same one, so the
	 * messages of one destination stay in order.
	 * @param destination a broker destination
	 * @return its connection
	 */
	BrokerConnection forDestination(String destination) {
		return this.connections.get(Math.floorMod(destination.hashCode(), this.connections.size()));
	}

	/**
	 * Returns the SUBSCRIBE headers that name the broker queue of one of this node's
	 * subscriptions after the node, where the broker lets subscribers name them
	 * (RabbitMQ's {@code x-queue-name}; other brokers ignore it), so an operator can tell
	 * whose queue it is. The queues stay those of topic subscriptions: deleted with their
	 * subscription or connection.
	 * @param purpose what the subscription is for, unique within the node
	 * @return the headers
	 */
	StompHeaders queueHeaders(String purpose) {
		StompHeaders headers = new StompHeaders();
		headers.set(QUEUE_NAME, QUEUE_PREFIX + this.nodeId + "." + purpose);
		return headers;
	}

	private void connectedChanged(BrokerConnection connection, boolean up) {
		if (up && connection.generation() > 1) {
			this.reconnectListeners.forEach((listener) -> listener.accept(connection));
		}
		availabilityChanged();
	}

	private synchronized void availabilityChanged() {
		boolean now = this.running && this.connections.stream().allMatch(BrokerConnection::isConnected);
		if (now != this.available) {
			this.available = now;
			this.events.publishEvent(new BrokerAvailabilityEvent(now, this));
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.connections.forEach(BrokerConnection::start);
	}

	@Override
	public void stop() {
		this.running = false;
		this.connections.forEach(BrokerConnection::stop);
		this.client.shutdown();
		availabilityChanged();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
