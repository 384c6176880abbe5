package io.exp.server.bus;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * A plain spring-messaging STOMP client for the server's tests: it uses none of the
 * project's client classes.
 */
public final class StompTestClient implements AutoCloseable {

	private final WebSocketStompClient client;

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private final String url;

	public StompTestClient(int port) {
		this(port, 10_000);
	}

	StompTestClient(int port, long heartbeatMillis) {
		this.url = "ws://localhost:" + port + "/eventbus";
		WsWebSocketContainer container = new WsWebSocketContainer();
		container.setDefaultMaxTextMessageBufferSize(1024 * 1024);
		this.client = new WebSocketStompClient(new StandardWebSocketClient(container));
		this.client.setMessageConverter(new CompositeMessageConverter(
				List.of(new ByteArrayMessageConverter(), new JacksonJsonMessageConverter())));
		this.client.setInboundMessageSizeLimit(1024 * 1024);
		this.scheduler.setPoolSize(1);
		this.scheduler.initialize();
		this.client.setTaskScheduler(this.scheduler);
		this.client.setDefaultHeartbeat(new long[] { heartbeatMillis, heartbeatMillis });
	}

	public Connection connect(String token) {
		StompHeaders headers = new StompHeaders();
		if (token != null) {
			headers.add("Authorization", "Bearer " + token);
		}
		Connection connection = new Connection();
		try {
			connection.session = this.client.connectAsync(this.url, new WebSocketHttpHeaders(), headers, connection)
				.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			// the ERROR frame and the closing of the connection race in the client's
			// callbacks: wait for the frame
			try {
				Awaitility.await()
					.atMost(Duration.ofSeconds(2))
					.until(() -> connection.errors.stream().anyMatch((error) -> !error.startsWith("transport")));
			}
			catch (ConditionTimeoutException timeout) {
				// only the transport error arrived
			}
			throw new IllegalStateException("Could not connect: " + String.join("; ", connection.errors), ex);
		}
		return connection;
	}

	@Override
	public void close() {
		this.client.stop();
		this.scheduler.shutdown();
	}

	/**
	 * One STOMP session and what it received.
	 */
	public static final class Connection extends StompSessionHandlerAdapter implements AutoCloseable {

		final BlockingQueue<String> errors = new LinkedBlockingQueue<>();

		volatile boolean closed;

		StompSession session;

		private BlockingQueue<Map<String, Object>> errorQueue;

		public synchronized BlockingQueue<Map<String, Object>> errorQueue() {
			if (this.errorQueue == null) {
				this.errorQueue = subscribe("/user/queue/errors");
			}
			return this.errorQueue;
		}

		public BlockingQueue<Map<String, Object>> subscribe(String destination) {
			BlockingQueue<Map<String, Object>> received = new LinkedBlockingQueue<>();
			this.session.subscribe(destination, new StompFrameHandler() {

				@Override
				public Type getPayloadType(StompHeaders headers) {
					return Map.class;
				}

				@Override
				@SuppressWarnings("unchecked")
				public void handleFrame(StompHeaders headers, Object payload) {
					received.add((Map<String, Object>) payload);
				}

			});
			return received;
		}

		public void send(String destination, Object envelope) {
			this.session.send(destination, envelope);
		}

		public void sendRaw(String destination, String body) {
			StompHeaders headers = new StompHeaders();
			headers.setDestination(destination);
			this.session.send(headers, body.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public void handleException(StompSession session, StompCommand command, StompHeaders headers, byte[] payload,
				Throwable exception) {
			this.errors.add(String.valueOf(exception.getMessage()));
		}

		@Override
		public void handleFrame(StompHeaders headers, Object payload) {
			this.errors.add(String.valueOf(headers.getFirst("message")));
		}

		@Override
		public Type getPayloadType(StompHeaders headers) {
			return byte[].class;
		}

		@Override
		public void handleTransportError(StompSession session, Throwable exception) {
			this.closed = true;
			this.errors.add("transport: " + exception.getMessage());
		}

		boolean isConnected() {
			return this.session != null && this.session.isConnected() && !this.closed;
		}

		@Override
		public void close() {
			if (this.session != null && this.session.isConnected()) {
				this.session.disconnect();
			}
		}

	}

}
