package io.exp.server.bus;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits and timings of the event bus under {@code exp.server.bus.*}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("exp.server.bus")
public class EventBusProperties {

	/**
	 * Largest STOMP message (frame) a client may send, in UTF-8 bytes; a larger one is
	 * refused with an ERROR frame. Connections read in parts of 1 KiB, so this limit
	 * costs no memory per connection.
	 */
	private int maxMessageSize = 32768;

	/**
	 * Interval at which the server sends heartbeats and expects them from clients. A
	 * connection from which nothing arrives for three intervals (or that sends no
	 * complete frame within two after opening) is closed. A relayed node's broker
	 * connections use it too: one from which nothing arrives, or on which a write waits,
	 * for three intervals is closed and reconnected.
	 */
	private Duration heartbeat = Duration.ofSeconds(10);

	/**
	 * Outgoing data, in bytes, that may wait for one session that reads slowly. Past it,
	 * a client's message for the session waits for room (exp.server.bus.publish-wait) and
	 * the session is closed if none comes; the server's own messages close it at twice
	 * this. 10,000 sessions that never read hold at most 20,000 times this.
	 */
	private int sendBufferSizeLimit = 65536;

	/**
	 * Longest time one write to a session may take; a session whose client stops reading
	 * is closed after it.
	 */
	private Duration sendTimeLimit = Duration.ofSeconds(10);

	/**
	 * Largest amount of outgoing data, in bytes, that the node holds for all its sessions
	 * together. When it is reached, senders wait (exp.server.bus.publish-wait) before
	 * their messages fan out.
	 */
	private long outboundMemoryLimit = 268435456;

	/**
	 * Longest time a sender waits for room under exp.server.bus.outbound-memory-limit;
	 * after it the message is refused with the error code "bus.busy".
	 */
	private Duration publishWait = Duration.ofSeconds(5);

	/**
	 * How long a session may receive answers to a request or broadcast it sent; answers
	 * after it are dropped.
	 */
	private Duration replyWindow = Duration.ofMinutes(2);

	/**
	 * Most requests and broadcasts one session may await answers to at once; past it the
	 * oldest are forgotten.
	 */
	private int maxPendingReplies = 1000;

	/**
	 * Most subscriptions one connection may hold.
	 */
	private int maxSubscriptions = 1000;

	/**
	 * Most connections one identity (user, device or consumer app) may have open on one
	 * node.
	 */
	private int maxConnectionsPerIdentity = 100;

	private final Relay relay = new Relay();

	private final History history = new History();

	private final FanOut fanOut = new FanOut();

	public int getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(int maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public Duration getHeartbeat() {
		return this.heartbeat;
	}

	public void setHeartbeat(Duration heartbeat) {
		this.heartbeat = heartbeat;
	}

	public int getSendBufferSizeLimit() {
		return this.sendBufferSizeLimit;
	}

	public void setSendBufferSizeLimit(int sendBufferSizeLimit) {
		this.sendBufferSizeLimit = sendBufferSizeLimit;
	}

	public Duration getSendTimeLimit() {
		return this.sendTimeLimit;
	}

	public void setSendTimeLimit(Duration sendTimeLimit) {
		this.sendTimeLimit = sendTimeLimit;
	}

	public long getOutboundMemoryLimit() {
		return this.outboundMemoryLimit;
	}

	public void setOutboundMemoryLimit(long outboundMemoryLimit) {
		this.outboundMemoryLimit = outboundMemoryLimit;
	}

	public Duration getReplyWindow() {
		return this.replyWindow;
	}

	public void setReplyWindow(Duration replyWindow) {
		this.replyWindow = replyWindow;
	}

	public int getMaxPendingReplies() {
		return this.maxPendingReplies;
	}

	public void setMaxPendingReplies(int maxPendingReplies) {
		this.maxPendingReplies = maxPendingReplies;
	}

	public int getMaxSubscriptions() {
		return this.maxSubscriptions;
	}

	public void setMaxSubscriptions(int maxSubscriptions) {
		this.maxSubscriptions = maxSubscriptions;
	}

	public int getMaxConnectionsPerIdentity() {
		return this.maxConnectionsPerIdentity;
	}

	public void setMaxConnectionsPerIdentity(int maxConnectionsPerIdentity) {
		this.maxConnectionsPerIdentity = maxConnectionsPerIdentity;
	}

	public Duration getPublishWait() {
		return this.publishWait;
	}

	public void setPublishWait(Duration publishWait) {
		this.publishWait = publishWait;
	}

	public History getHistory() {
		return this.history;
	}

	public Relay getRelay() {
		return this.relay;
	}

	public FanOut getFanOut() {
		return this.fanOut;
	}

	/**
	 * Delivering a broadcast to many sessions of this node on several threads. The
	 * publishing thread delivers to a share of the sessions and helper threads to the
	 * others, each session's broadcasts still in order; the publisher goes on once every
	 * session has the broadcast.
	 */
	public static class FanOut {

		/**
		 * Helper threads that deliver broadcasts beside the publishing thread; 0 delivers
		 * on the publishing thread only. By default one fewer than the processors the JVM
		 * sees.
		 */
		private int threads = Math.max(0, Runtime.getRuntime().availableProcessors() - 1);

		/**
		 * Fewest sessions a thread delivers a broadcast to: a broadcast to fewer than
		 * twice this many is delivered by its publishing thread alone.
		 */
		private int sessionsPerThread = 500;

		public int getThreads() {
			return this.threads;
		}

		public void setThreads(int threads) {
			this.threads = threads;
		}

		public int getSessionsPerThread() {
			return this.sessionsPerThread;
		}

		public void setSessionsPerThread(int sessionsPerThread) {
			this.sessionsPerThread = sessionsPerThread;
		}

	}

	/**
	 * Joining several server nodes through an external STOMP broker (ActiveMQ Artemis, or
	 * RabbitMQ with rabbitmq_stomp). Each node keeps its sessions on its in-process
	 * broker and talks to the others through the broker as a node, over a few
	 * connections. Off: one node alone.
	 */
	public static class Relay {

		/**
		 * Whether to join the other nodes through an external STOMP broker.
		 */
		private boolean enabled;

		/**
		 * Host of the broker's STOMP port.
		 */
		private String host = "localhost";

		/**
		 * The broker's STOMP port.
		 */
		private int port = 61613;

		/**
		 * Connections from this node to the broker, whatever the number of sessions; a
		 * channel's broadcasts always travel on the same one.
		 */
		private int connections = 1;

		/**
		 * Time after which a node that has not announced its identities is forgotten:
		 * requests to identities that were only there then fail with "target.offline".
		 * Nodes announce every third of it.
		 */
		private Duration nodeTimeout = Duration.ofSeconds(3);

		/**
		 * Login for the node's connections to the broker.
		 */
		private String login = "guest";

		/**
		 * Passcode for the node's connections to the broker.
		 */
		private String passcode = "guest";

		/**
		 * Virtual host to connect to, for RabbitMQ; empty for none.
		 */
		private String virtualHost = "";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getHost() {
			return this.host;
		}

		public void setHost(String host) {
			this.host = host;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public int getConnections() {
			return this.connections;
		}

		public void setConnections(int connections) {
			this.connections = connections;
		}

		public Duration getNodeTimeout() {
			return this.nodeTimeout;
		}

		public void setNodeTimeout(Duration nodeTimeout) {
			this.nodeTimeout = nodeTimeout;
		}

		public String getLogin() {
			return this.login;
		}

		public void setLogin(String login) {
			this.login = login;
		}

		public String getPasscode() {
			return this.passcode;
		}

		public void setPasscode(String passcode) {
			this.passcode = passcode;
		}

		public String getVirtualHost() {
			return this.virtualHost;
		}

		public void setVirtualHost(String virtualHost) {
			this.virtualHost = virtualHost;
		}

	}

	/**
	 * The recent broadcasts each channel keeps on this node, so that a subscriber that
	 * resumes after the last serial it saw (the exp-resume-after header) gets what it
	 * missed.
	 */
	public static class History {

		/**
		 * Whether to number broadcasts (the exp-serial header) and keep them for resuming
		 * subscribers. Without it a resuming subscriber is told that broadcasts may be
		 * missing (exp-discontinuity).
		 */
		private boolean enabled = true;

		/**
		 * Longest time a broadcast is kept for resuming subscribers.
		 */
		private Duration maxAge = Duration.ofMinutes(2);

		/**
		 * Most broadcasts kept per channel; older ones are dropped first.
		 */
		private int maxMessages = 1000;

		/**
		 * Most memory, in bytes, that the kept broadcasts of all channels together may
		 * take on this node; past it, the node's oldest are dropped first.
		 */
		private long maxMemory = 67108864;

		/**
		 * Most channels whose serial counter this node keeps while they hold no
		 * broadcast. Past it, the node forgets, every second, each channel that holds
		 * none and has no listener that the node follows for it across nodes (a few
		 * hundred bytes each with its name); a subscriber that resumes on a forgotten
		 * channel from before is told that broadcasts may be missing (exp-discontinuity).
		 * It bounds what clients broadcasting on ever new channel names can make the node
		 * hold.
		 */
		private int maxChannels = 100000;

		/**
		 * Name of a RabbitMQ stream (RabbitMQ 3.9 or later), or with
		 * exp.server.bus.history.sequencer of an ActiveMQ Artemis address, through which
		 * the nodes of a cluster share their broadcasts, each numbered once for all
		 * nodes, so a subscriber resumes exactly on any node, also after its node died.
		 * Needs exp.server.bus.relay.enabled; on RabbitMQ the stream is created if
		 * missing, and its retention is set by a broker policy (a node that missed
		 * entries the retention dropped sends its listeners the discontinuity frame).
		 * Empty: each node numbers and keeps broadcasts on its own.
		 */
		private String stream = "";

		/**
		 * Whether the nodes share the broadcasts of exp.server.bus.history.stream on
		 * ActiveMQ Artemis, where one node at a time numbers them: the stream's name is
		 * then that of a multicast address that keeps its last messages for new
		 * subscriptions (retroactive-message-count; a node that missed more while cut off
		 * sends its listeners the discontinuity frame), and the name followed by ".in"
		 * that of an anycast queue with one consumer at a time (default-exclusive-queue).
		 */
		private boolean sequencer;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

		public int getMaxMessages() {
			return this.maxMessages;
		}

		public void setMaxMessages(int maxMessages) {
			this.maxMessages = maxMessages;
		}

		public long getMaxMemory() {
			return this.maxMemory;
		}

		public void setMaxMemory(long maxMemory) {
			this.maxMemory = maxMemory;
		}

		public int getMaxChannels() {
			return this.maxChannels;
		}

		public void setMaxChannels(int maxChannels) {
			this.maxChannels = maxChannels;
		}

		public String getStream() {
			return this.stream;
		}

		public void setStream(String stream) {
			this.stream = stream;
		}

		public boolean isSequencer() {
			return this.sequencer;
		}

		public void setSequencer(boolean sequencer) {
			this.sequencer = sequencer;
		}

	}

}
