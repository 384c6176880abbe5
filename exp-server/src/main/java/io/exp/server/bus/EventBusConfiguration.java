package io.exp.server.bus;

import java.util.concurrent.ThreadPoolExecutor;

import io.exp.server.auth.TokenService;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.config.StompBrokerRelayRegistration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * The STOMP over WebSocket endpoint at {@code /eventbus}, with the in-process broker, heartbeats, size limits and
 * backpressure. Incoming frames are handled on the connection's own thread, in order, so a fast sender is slowed at
 * its socket; outgoing messages go through a bounded pool whose overflow also runs on the sending thread, in
 * publish order per session, so nothing is dropped.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
@EnableConfigurationProperties(EventBusProperties.class)
class EventBusConfiguration implements WebSocketMessageBrokerConfigurer {

	static final String ENDPOINT = "/eventbus";

	private final EventBusProperties properties;

	private final TokenService tokens;

	private final ThreadPoolTaskScheduler heartbeats;

	private final ThreadPoolTaskExecutor outbound;

	private final BeanFactory beanFactory;

	EventBusConfiguration(EventBusProperties properties, TokenService tokens, BeanFactory beanFactory) {
		this.properties = properties;
		this.tokens = tokens;
		this.beanFactory = beanFactory;
		this.heartbeats = new ThreadPoolTaskScheduler();
		this.heartbeats.setThreadNamePrefix("exp-server-heartbeat-");
		this.heartbeats.setPoolSize(1);
		this.heartbeats.initialize();
		this.outbound = outboundExecutor(properties);
	}

	@Bean(destroyMethod = "shutdown")
	ThreadPoolTaskScheduler eventBusHeartbeatScheduler() {
		return this.heartbeats;
	}

	/**
	 * The pool that writes to sessions. It is a bean of its own, set with {@code executor(...)}, so Spring Boot's
	 * messaging configuration, which puts a lone {@code AsyncTaskExecutor} bean (such as the heartbeat scheduler,
	 * one thread) on both client channels, cannot replace it.
	 */
	@Bean(destroyMethod = "shutdown")
	ThreadPoolTaskExecutor eventBusOutboundExecutor() {
		return this.outbound;
	}

	@Bean
	ServletServerContainerFactoryBean webSocketContainer() {
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		// Tomcat allocates these buffers for every session (text in chars, 2 bytes each): they set the memory cost
		// of a connection, so they follow the message size limit exactly
		container.setMaxTextMessageBufferSize(this.properties.getMaxMessageSize());
		container.setMaxBinaryMessageBufferSize(this.properties.getMaxMessageSize());
		return container;
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint(ENDPOINT).setAllowedOriginPatterns("*");
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		long heartbeat = this.properties.getHeartbeat().toMillis();
		EventBusProperties.Relay relay = this.properties.getRelay();
		if (relay.isEnabled()) {
			StompBrokerRelayRegistration registration = registry.enableStompBrokerRelay("/topic", "/queue")
				.setRelayHost(relay.getHost())
				.setRelayPort(relay.getPort())
				.setClientLogin(relay.getLogin())
				.setClientPasscode(relay.getPasscode())
				.setSystemLogin(relay.getLogin())
				.setSystemPasscode(relay.getPasscode())
				.setUserDestinationBroadcast("/topic/exp.unresolved-user")
				.setUserRegistryBroadcast("/topic/exp.user-registry")
				// with a scheduler, the relay beats to the broker for clients whose frames all go to /app/**:
				// without it, a client that keeps sending (and so sends no heartbeats) looks silent to the broker,
				// which closes its session after two heartbeat intervals
				.setTaskScheduler(this.heartbeats);
			if (!relay.getVirtualHost().isEmpty()) {
				registration.setVirtualHost(relay.getVirtualHost());
			}
		}
		else {
			registry.enableSimpleBroker("/topic", "/queue")
				.setHeartbeatValue(new long[] { heartbeat, heartbeat })
				.setTaskScheduler(this.heartbeats);
		}
		registry.setApplicationDestinationPrefixes("/app");
		registry.setUserDestinationPrefix("/user");
		registry.setPreservePublishOrder(true);
	}

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		registration.setMessageSizeLimit(this.properties.getMaxMessageSize())
			.setSendBufferSizeLimit(this.properties.getSendBufferSizeLimit())
			.setSendTimeLimit((int) this.properties.getSendTimeLimit().toMillis());
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.interceptors(new StompAccessInterceptor(this.tokens));
		if (!this.properties.getRelay().isEnabled()) {
			// a relayed broker answers receipts itself
			registration.interceptors(new SubscriptionReceipts(
					() -> this.beanFactory.getBean("clientOutboundChannel", MessageChannel.class)));
		}
		registration.executor(new SyncTaskExecutor());
	}

	@Override
	public void configureClientOutboundChannel(ChannelRegistration registration) {
		registration.executor(this.outbound);
	}

	private static ThreadPoolTaskExecutor outboundExecutor(EventBusProperties properties) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("exp-server-outbound-");
		executor.setCorePoolSize(properties.getThreads());
		executor.setMaxPoolSize(properties.getThreads());
		executor.setQueueCapacity(properties.getQueueCapacity());
		executor.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
		executor.initialize();
		return executor;
	}

}
