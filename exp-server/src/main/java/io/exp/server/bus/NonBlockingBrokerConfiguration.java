package io.exp.server.bus;

import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.user.UserDestinationResolver;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.DelegatingWebSocketMessageBrokerConfiguration;
import org.springframework.web.socket.messaging.StompSubProtocolHandler;
import org.springframework.web.socket.messaging.SubProtocolHandler;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * Spring's STOMP over WebSocket message broker configuration (what
 * {@code @EnableWebSocketMessageBroker} imports), with five changes: sessions are
 * {@link NonBlockingSession}s, so no shared thread ever waits on one client's socket; a
 * session from which nothing arrives for three heartbeat intervals is closed (a client
 * that sent half a frame and then nothing holds no connection for long); sessions keep
 * small receive buffers, taking messages in parts ({@link PartialMessages}); a broadcast
 * is encoded once for all its sessions ({@link SharedFrameEncoder}); and one to many
 * sessions is delivered on several threads ({@link ThreadedFanOutBroker}). Spring's own
 * decorator writes with the container's blocking send on whichever thread holds the
 * session's flush lock, so a client that stops reading pins that thread until the send
 * times out.
 */
@Configuration(proxyBeanMethods = false)
class NonBlockingBrokerConfiguration extends DelegatingWebSocketMessageBrokerConfiguration {

	/** Tomcat closes a session from which nothing was read for this long. */
	private static final String READ_IDLE_TIMEOUT = "org.apache.tomcat.websocket.READ_IDLE_TIMEOUT_MS";

	private final EventBusProperties properties;

	private final NonBlockingSessions sessions;

	private final OpenSessions open;

	NonBlockingBrokerConfiguration(EventBusProperties properties, NonBlockingSessions sessions) {
		this.properties = properties;
		this.sessions = sessions;
		this.open = new OpenSessions(properties.getSendTimeLimit());
		int threads = properties.getFanOut().getThreads();
		if (threads < 0) {
			throw new InvalidConfigurationPropertyValueException("exp.server.bus.fan-out.threads", threads,
					"The helper threads of a broadcast's delivery cannot be fewer than 0 (0: the publishing thread alone)");
		}
		if (properties.getFanOut().getSessionsPerThread() < 1) {
			throw new InvalidConfigurationPropertyValueException("exp.server.bus.fan-out.sessions-per-thread",
					properties.getFanOut().getSessionsPerThread(),
					"A thread delivers a broadcast to 1 session or more");
		}
	}

	@Bean
	OpenSessions eventBusOpenSessions() {
		return this.open;
	}

	/**
	 * Spring's simple broker, in the phase of its channels, which stops after the STOMP
	 * handler's ({@link OpenSessions}); Spring leaves it in the last phase.
	 */
	@Bean
	@Override
	public @Nullable AbstractBrokerMessageHandler simpleBrokerMessageHandler(
			AbstractSubscribableChannel clientInboundChannel, AbstractSubscribableChannel clientOutboundChannel,
			AbstractSubscribableChannel brokerChannel, UserDestinationResolver userDestinationResolver) {
		AbstractBrokerMessageHandler broker = super.simpleBrokerMessageHandler(clientInboundChannel,
				clientOutboundChannel, brokerChannel, userDestinationResolver);
		EventBusProperties.FanOut fanOut = this.properties.getFanOut();
		if (broker instanceof SimpleBrokerMessageHandler spring && fanOut.getThreads() > 0) {
			broker = new ThreadedFanOutBroker(spring, fanOut.getThreads(), fanOut.getSessionsPerThread(),
					EventBusConfiguration.USER_DESTINATION_PREFIX);
		}
		if (broker != null) {
			broker.setPhase(getPhase());
		}
		return broker;
	}

	@Bean
	@Override
	public WebSocketHandler subProtocolWebSocketHandler(AbstractSubscribableChannel clientInboundChannel,
			AbstractSubscribableChannel clientOutboundChannel) {
		long readIdleMillis = this.properties.getHeartbeat().multipliedBy(3).toMillis();
		SubProtocolWebSocketHandler handler = new SubProtocolWebSocketHandler(clientInboundChannel,
				clientOutboundChannel) {

			@Override
			protected WebSocketSession decorateSession(WebSocketSession session) {
				Session nativeSession = NonBlockingSessions.nativeSession(session);
				if (nativeSession != null) {
					nativeSession.getUserProperties().put(READ_IDLE_TIMEOUT, readIdleMillis);
				}
				return NonBlockingBrokerConfiguration.this.sessions.decorateTakingParts(session);
			}

			@Override
			public void addProtocolHandler(SubProtocolHandler protocolHandler) {
				if (protocolHandler instanceof StompSubProtocolHandler stomp) {
					stomp.setEncoder(new SharedFrameEncoder());
				}
				super.addProtocolHandler(protocolHandler);
			}

			@Override
			public void afterConnectionEstablished(WebSocketSession session) throws Exception {
				NonBlockingBrokerConfiguration.this.open.opened();
				super.afterConnectionEstablished(session);
				// Spring's STOMP handler raises the text buffer to 16 KiB for SockJS
				// clients, which split messages
				// there; this endpoint takes messages in parts, so the buffer stays small
				// (before the first message
				// is read, so it is never allocated larger)
				session.setTextMessageSizeLimit(PartialMessages.BUFFER_SIZE);
			}

			@Override
			public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
				try {
					super.afterConnectionClosed(session, closeStatus);
				}
				finally {
					NonBlockingBrokerConfiguration.this.open.closed();
				}
			}

		};
		// stops first, then the node waits for the sessions to close (OpenSessions), then
		// the broker and its channels stop
		handler.setPhase(SmartLifecycle.DEFAULT_PHASE);
		return handler;
	}

}
