package io.exp.benchmarks;

import java.lang.reflect.Type;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.tomcat.websocket.WsWebSocketContainer;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * The raw baseline and simulated devices of the harnesses: a plain spring-messaging STOMP
 * client speaking the protocol directly, with none of the project's client classes; and
 * an embedded Artemis broker for relayed nodes.
 */
public final class PlainStomp implements AutoCloseable {

	/**
	 * The name under which nodes on {@link #startArtemis() the embedded Artemis} share
	 * their broadcasts ({@code exp.server.bus.history.sequencer}).
	 */
	public static final String SHARED_BROADCASTS = "exp.broadcasts";

	private final WsWebSocketContainer container = new WsWebSocketContainer();

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private final WebSocketStompClient client;

	public PlainStomp() {
		// allocated per session: the server's message limit (32 KiB by default), not
		// more, or 10,000 simulated
		// devices need tens of gigabytes
		this.container.setDefaultMaxTextMessageBufferSize(32 * 1024);
		this.client = new WebSocketStompClient(new StandardWebSocketClient(this.container));
		this.client.setMessageConverter(new JacksonJsonMessageConverter());
		this.scheduler.setPoolSize(2);
		this.scheduler.initialize();
		this.client.setTaskScheduler(this.scheduler);
	}

	/**
	 * Connects with a token.
	 * @param url the event bus URL, {@code ws://host:port/eventbus}
	 * @param token the bearer token
	 * @return the session
	 * @throws Exception when the connection fails
	 */
	public StompSession connect(String url, String token) throws Exception {
		StompHeaders headers = new StompHeaders();
		headers.add("Authorization", "Bearer " + token);
		return this.client.connectAsync(url, new WebSocketHttpHeaders(), headers, new StompSessionHandlerAdapter() {
		}).get(30, TimeUnit.SECONDS);
	}

	/**
	 * Subscribes a handler of JSON envelopes.
	 * @param session the session
	 * @param destination the destination
	 * @param handler called with each envelope
	 */
	public static void subscribe(StompSession session, String destination, Consumer<Map<String, Object>> handler) {
		session.subscribe(destination, new StompFrameHandler() {

			@Override
			public Type getPayloadType(StompHeaders headers) {
				return Map.class;
			}

			@Override
			@SuppressWarnings("unchecked")
			public void handleFrame(StompHeaders headers, Object payload) {
				handler.accept((Map<String, Object>) payload);
			}

		});
	}

	/**
	 * Sets the root log level to warnings before the nodes start: the embedded server
	 * leaves logging to its host, and Artemis audits every message at INFO.
	 * @param harness the harness's class, whose class loader logs
	 */
	public static void quietLogging(Class<?> harness) {
		LoggingSystem logging = LoggingSystem.get(harness.getClassLoader());
		logging.beforeInitialize();
		logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
	}

	/**
	 * Starts an embedded ActiveMQ Artemis broker with a STOMP acceptor on a free loopback
	 * port, with the prefixes Spring's broker relay uses and the address settings of
	 * broadcasts shared through a sequencer ({@link #SHARED_BROADCASTS}).
	 * @return the broker and its STOMP port
	 * @throws Exception when it cannot start
	 */
	public static Broker startArtemis() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		EmbeddedActiveMQ artemis = new EmbeddedActiveMQ()
			.setConfiguration(new ConfigurationImpl().setPersistenceEnabled(false)
				.setSecurityEnabled(false)
				.setJournalDirectory(Files.createTempDirectory("artemis").toString())
				.addAcceptorConfiguration("stomp",
						"tcp://127.0.0.1:" + port + "?protocols=STOMP;anycastPrefix=/queue/;multicastPrefix=/topic/")
				// the address settings of broadcasts shared through a sequencer (see
				// protocol.md)
				.addAddressSetting(SHARED_BROADCASTS, new AddressSettings().setRetroactiveMessageCount(1000))
				.addAddressSetting(SHARED_BROADCASTS + ".in", new AddressSettings().setDefaultExclusiveQueue(true)))
			.start();
		return new Broker(artemis, port);
	}

	@Override
	public void close() {
		this.client.stop();
		this.scheduler.shutdown();
		this.container.destroy();
	}

	/**
	 * A running embedded broker.
	 *
	 * @param artemis the broker
	 * @param stompPort its STOMP port
	 */
	public record Broker(EmbeddedActiveMQ artemis, int stompPort) {
	}

}
