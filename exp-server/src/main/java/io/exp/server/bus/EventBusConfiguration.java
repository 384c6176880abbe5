package io.exp.server.bus;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.exp.server.auth.TokenService;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * The STOMP over WebSocket endpoint at {@code /eventbus}, with the in-process broker,
 * heartbeats, size limits and backpressure. Incoming frames are handled on the
 * connection's own thread, in order, so a fast sender is slowed at its socket; outgoing
 * messages are encoded and queued on the thread that publishes them (helped, for a
 * broadcast to many sessions, by {@link ThreadedFanOutBroker}'s threads while it waits),
 * in publish order, into {@link NonBlockingSession}s that write without blocking, within
 * per-session and node-wide memory limits ({@link OutboundMemory}), so one slow client
 * never delays another and a burst slows its sender.
 */
@Configuration(proxyBeanMethods = false)
@Import({ NonBlockingBrokerConfiguration.class, RelayConfiguration.class })
@EnableConfigurationProperties(EventBusProperties.class)
class EventBusConfiguration implements WebSocketMessageBrokerConfigurer {

	static final String ENDPOINT = "/eventbus";

	/** Where destinations for users begin. */
	static final String USER_DESTINATION_PREFIX = "/user/";

	private final EventBusProperties properties;

	private final TokenService tokens;

	private final ThreadPoolTaskScheduler heartbeats;

	private final BeanFactory beanFactory;

	private final PendingReplies pendingReplies;

	private final OutboundMemory memory;

	private final @Nullable InMemoryBroadcastHistory history;

	EventBusConfiguration(EventBusProperties properties, TokenService tokens, BeanFactory beanFactory,
			ObjectProvider<BroadcastStreamPosition> streamPosition) {
		this.properties = properties;
		this.tokens = tokens;
		this.beanFactory = beanFactory;
		this.heartbeats = new ThreadPoolTaskScheduler();
		this.heartbeats.setThreadNamePrefix("exp-server-heartbeat-");
		this.heartbeats.setPoolSize(1);
		this.heartbeats.initialize();
		this.memory = new OutboundMemory(properties.getOutboundMemoryLimit());
		this.pendingReplies = new PendingReplies(properties.getReplyWindow(), properties.getMaxPendingReplies());
		EventBusProperties.History history = properties.getHistory();
		if (!history.getStream().isEmpty() && !properties.getRelay().isEnabled()) {
			throw new InvalidConfigurationPropertyValueException("exp.server.bus.history.stream", history.getStream(),
					"A broadcast stream is shared by nodes joined through a broker: set exp.server.bus.relay.enabled=true,"
							+ " or leave exp.server.bus.history.stream empty");
		}
		if (history.isSequencer() && history.getStream().isEmpty()) {
			throw new InvalidConfigurationPropertyValueException("exp.server.bus.history.sequencer", true,
					"A sequencer numbers the broadcasts shared through an ActiveMQ Artemis address: name it with"
							+ " exp.server.bus.history.stream, or set exp.server.bus.history.sequencer=false");
		}
		this.history = history.isEnabled()
				? new InMemoryBroadcastHistory(history.getMaxAge(), history.getMaxMessages(), history.getMaxMemory(),
						history.getMaxChannels(), properties.getRelay().isEnabled(), streamPosition.getIfAvailable())
				: null;
	}

	/**
	 * Where the node stands in the broadcast stream the nodes share; static, so that the
	 * history made in the constructor can have it.
	 * @param properties the bus properties
	 * @return the position
	 */
	@Bean
	@ConditionalOnExpression(BroadcastStreamPosition.CONDITION)
	static BroadcastStreamPosition eventBusBroadcastStreamPosition(EventBusProperties properties) {
		EventBusProperties.History history = properties.getHistory();
		return new BroadcastStreamPosition(
				history.isSequencer() ? SequencedBroadcasts.EPOCH_PREFIX : BroadcastStream.EPOCH_PREFIX,
				history.getStream());
	}

	@Bean(destroyMethod = "shutdown")
	ThreadPoolTaskScheduler eventBusHeartbeatScheduler() {
		return this.heartbeats;
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "exp.server.bus.history.enabled", matchIfMissing = true)
	BroadcastHistory eventBusBroadcastHistory() {
		InMemoryBroadcastHistory history = Objects.requireNonNull(this.history);
		// the scheduler stops with the context, and the task with it
		this.heartbeats.scheduleWithFixedDelay(history::expire, InMemoryBroadcastHistory.EXPIRY_PERIOD);
		return history;
	}

	@Bean
	PendingReplies eventBusPendingReplies() {
		return this.pendingReplies;
	}

	@Bean
	ReplyFilter eventBusReplyFilter() {
		return new ReplyFilter(this.pendingReplies);
	}

	@Bean
	ChannelInterests eventBusChannelInterests(ObjectProvider<NodeRelay> relay) {
		return new ChannelInterests(relay::getIfAvailable);
	}

	@Bean
	OnlineUsers eventBusOnlineUsers(SimpUserRegistry userRegistry, ObjectProvider<NodePresence> presence) {
		return new OnlineUsers(userRegistry, presence.getIfAvailable());
	}

	@Bean
	NonBlockingSessions eventBusSessions(@Qualifier("eventBusCloseExecutor") Executor closer) {
		return new NonBlockingSessions(this.properties, this.memory, closer);
	}

	@Bean
	OutboundMemory eventBusOutboundMemory() {
		return this.memory;
	}

	/**
	 * Closes sessions: a close sends a close frame, which can wait (briefly) for a client
	 * that does not read.
	 */
	@Bean(destroyMethod = "shutdown")
	ThreadPoolTaskExecutor eventBusCloseExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("exp-server-close-");
		executor.setCorePoolSize(4);
		executor.setMaxPoolSize(4);
		executor.initialize();
		return executor;
	}

	@Bean
	ServletServerContainerFactoryBean webSocketContainer() {
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		// Tomcat allocates these buffers for every session (text in chars, 2 bytes each):
		// the bus takes messages in
		// parts of this size (PartialMessages); a handler that takes whole messages sets
		// its sessions' own sizes
		// (NonBlockingSessions.decorate)
		container.setMaxTextMessageBufferSize(PartialMessages.BUFFER_SIZE);
		container.setMaxBinaryMessageBufferSize(PartialMessages.BUFFER_SIZE);
		return container;
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint(ENDPOINT).setAllowedOriginPatterns("*");
		registry.setErrorHandler(new ErrorFrameCodes());
	}

	/**
	 * The phase of the message broker and its channels: they start before, and stop
	 * after, the STOMP handler and the sessions it closes ({@link OpenSessions}).
	 */
	@Override
	public Integer getPhase() {
		return BrokerConnections.PHASE + 1;
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		// every node delivers to its own sessions; with a relayed broker, NodeRelay joins
		// it to the other nodes
		long heartbeat = this.properties.getHeartbeat().toMillis();
		registry.enableSimpleBroker("/topic", "/queue")
			.setHeartbeatValue(new long[] { heartbeat, heartbeat })
			.setTaskScheduler(this.heartbeats);
		if (this.history != null) {
			registry.configureBrokerChannel().interceptors(new SerialStamp(this.history));
		}
		registry.setApplicationDestinationPrefixes("/app");
		registry.setUserDestinationPrefix(USER_DESTINATION_PREFIX);
	}

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		registration.setMessageSizeLimit(this.properties.getMaxMessageSize())
			.setTimeToFirstMessage((int) this.properties.getHeartbeat().multipliedBy(2).toMillis())
			.addDecoratorFactory(PartialMessages::new);
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		ChannelInterests interests = this.beanFactory.getBean(ChannelInterests.class);
		registration.interceptors(new StompAccessInterceptor(this.tokens), new SessionLimits(
				this.properties.getMaxConnectionsPerIdentity(), this.properties.getMaxSubscriptions()));
		if (this.properties.getRelay().isEnabled()) {
			registration.interceptors(this.beanFactory.getBean(SubscriptionInterest.class));
		}
		Supplier<MessageChannel> outbound = () -> this.beanFactory.getBean("clientOutboundChannel",
				MessageChannel.class);
		registration.interceptors(new Receipts(outbound, interests));
		// last: its replay is queued before the receipt, and a refused subscription never
		// takes the channel's lock
		registration.interceptors(new ResumedSubscriptions(this.history, outbound, this.properties.getPublishWait()));
		registration.executor(new SyncTaskExecutor());
	}

	/**
	 * Delivers on the publishing thread: writes never block (see
	 * {@link NonBlockingSession}), and a publisher pays for its own fan-out instead of
	 * filling an unbounded queue (the helpers of a large fan-out,
	 * {@link ThreadedFanOutBroker}, deliver shares of it while the publisher waits). Set
	 * with {@code executor(...)} so that Spring Boot's messaging configuration, which
	 * puts a lone {@code AsyncTaskExecutor} bean on both client channels, cannot replace
	 * it.
	 */
	@Override
	public void configureClientOutboundChannel(ChannelRegistration registration) {
		registration.interceptors(this.beanFactory.getBean(ReplyFilter.class));
		registration.executor(new SyncTaskExecutor());
	}

}
