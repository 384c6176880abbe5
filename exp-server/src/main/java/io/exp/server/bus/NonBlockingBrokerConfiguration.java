package io.exp.server.bus;

import java.time.Duration;
import java.util.concurrent.Executor;

import jakarta.websocket.Session;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.config.annotation.DelegatingWebSocketMessageBrokerConfiguration;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * Spring's STOMP over WebSocket message broker configuration (what {@code @EnableWebSocketMessageBroker} imports),
 * with one change: sessions are {@link NonBlockingSession}s, so no shared thread ever waits on one client's socket.
 * Spring's own decorator writes with the container's blocking send on whichever thread holds the session's flush
 * lock, so a client that stops reading pins that thread until the send times out.
 */
@Configuration(proxyBeanMethods = false)
class NonBlockingBrokerConfiguration extends DelegatingWebSocketMessageBrokerConfiguration {

	private final EventBusProperties properties;

	private final OutboundMemory memory;

	private final Executor closer;

	NonBlockingBrokerConfiguration(EventBusProperties properties, OutboundMemory memory,
			@Qualifier("eventBusCloseExecutor") Executor closer) {
		this.properties = properties;
		this.memory = memory;
		this.closer = closer;
	}

	@Bean
	@Override
	public WebSocketHandler subProtocolWebSocketHandler(AbstractSubscribableChannel clientInboundChannel,
			AbstractSubscribableChannel clientOutboundChannel) {
		int bufferLimit = this.properties.getSendBufferSizeLimit();
		Duration timeLimit = this.properties.getSendTimeLimit();
		SubProtocolWebSocketHandler handler = new SubProtocolWebSocketHandler(clientInboundChannel,
				clientOutboundChannel) {

			@Override
			protected WebSocketSession decorateSession(WebSocketSession session) {
				Session nativeSession = (session instanceof NativeWebSocketSession candidate)
						? candidate.getNativeSession(Session.class) : null;
				if (nativeSession == null) {
					return super.decorateSession(session);
				}
				return new NonBlockingSession(session, nativeSession, bufferLimit, timeLimit,
						NonBlockingBrokerConfiguration.this.memory, NonBlockingBrokerConfiguration.this.closer);
			}

		};
		handler.setPhase(getPhase());
		return handler;
	}

}
