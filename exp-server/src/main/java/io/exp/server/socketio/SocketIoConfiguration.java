package io.exp.server.socketio;

import java.time.Clock;
import java.util.List;

import io.exp.server.ExpServerProperties;

import io.exp.server.auth.InvalidTokenException;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.ChannelInterests;
import io.exp.server.bus.EventBusProperties;
import io.exp.server.bus.NonBlockingSessions;
import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoServerOptions;
import io.socket.socketio.server.SocketIoServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * socket.io 1.x (Engine.IO protocol 3, long-polling and WebSocket) at {@code /socket.io/}
 * on the REST port, for the original EXP SDKs, bridged onto the STOMP bus's channels
 * through the node's broker channel.
 */
@ConditionalOnBooleanProperty(name = "exp.server.socketio.enabled", matchIfMissing = true)
@Configuration(proxyBeanMethods = false)
class SocketIoConfiguration {

	static final String PATH = "/socket.io/*";

	@Bean(destroyMethod = "shutdown")
	EngineIoServer engineIoServer(TokenService tokens, ExpServerProperties properties) {
		EngineIoServerOptions options = EngineIoServerOptions.newFromDefault();
		// other origins reach it as they reach the API (exp.server.cors.allowed-origins):
		// none by default
		List<String> origins = properties.getCors().getAllowedOrigins();
		options.setAllowedCorsOrigins(
				origins.contains("*") ? EngineIoServerOptions.ALLOWED_CORS_ORIGIN_ALL : origins.toArray(String[]::new));
		// a connection without a valid token is refused at the handshake, before any
		// session exists
		options.setHandshakeInterceptor((query, headers) -> isValid(tokens, query.get("token")));
		return new EngineIoServer(options);
	}

	@Bean
	SocketIoServer socketIoServer(EngineIoServer engineIo) {
		return new SocketIoServer(engineIo);
	}

	@Bean
	PollAnswers socketIoPollAnswers() {
		return new PollAnswers();
	}

	@Bean
	NonBlockingPolls socketIoPolls(EngineIoServer engineIo, PollAnswers pollAnswers) {
		return new NonBlockingPolls(engineIo, pollAnswers);
	}

	@Bean
	SocketIoBridge socketIoBridge(SocketIoServer socketIo, TokenService tokens, JsonMapper json,
			EventBusProperties properties, BroadcastSenders senders, BroadcastResponses responses,
			ChannelInterests interests, PollAnswers pollAnswers,
			@Qualifier("brokerChannel") SubscribableChannel brokerChannel) {
		SocketIoBridge bridge = new SocketIoBridge(tokens, json, properties, senders, responses, interests,
				pollAnswers);
		bridge.attach(socketIo.namespace("/"));
		brokerChannel.subscribe(bridge);
		return bridge;
	}

	@Bean
	BroadcastSenders socketIoBroadcastSenders(EventBusProperties properties) {
		return new BroadcastSenders(10_000, properties.getReplyWindow(), Clock.systemUTC());
	}

	@Bean
	BroadcastResponses socketIoBroadcastResponses() {
		return new BroadcastResponses(10_000, 1_000);
	}

	@Bean
	ServletRegistrationBean<EngineIoServlet> engineIoServlet(EngineIoServer engineIo, EventBusProperties properties,
			NonBlockingSessions sessions, NonBlockingPolls polls) {
		WebSocketHttpRequestHandler webSocket = new WebSocketHttpRequestHandler(
				new EngineIoWebSocketHandler(engineIo, sessions));
		webSocket.start();
		ServletRegistrationBean<EngineIoServlet> registration = new ServletRegistrationBean<>(
				new EngineIoServlet(engineIo, polls, webSocket, properties.getMaxMessageSize()), PATH);
		registration.setAsyncSupported(true);
		registration.setName("engineIo");
		return registration;
	}

	private static boolean isValid(TokenService tokens, @Nullable String token) {
		if (token == null || token.isEmpty()) {
			return false;
		}
		try {
			tokens.verify(token);
			return true;
		}
		catch (InvalidTokenException ex) {
			return false;
		}
	}

}
