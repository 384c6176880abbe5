package io.exp.server.bus;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.ConnectionHandlingStompSession;
import org.springframework.messaging.simp.stomp.ConnectionLostException;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.messaging.tcp.ReconnectStrategy;
import org.springframework.messaging.tcp.TcpConnection;
import org.springframework.messaging.tcp.TcpConnectionHandler;
import org.springframework.messaging.tcp.TcpOperations;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The node's STOMP sessions to the broker, on a connection that stands in for Reactor
 * Netty's in a state no real socket gives at will: a channel that closed on a failed
 * write without completing what the session reads (seen in about one run in three of
 * {@code RabbitBroadcastStreamTests}: the node's broker connection was gone, and the node
 * never knew).
 */
class BrokerStompClientTests {

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private final BrokerStompClient client = new BrokerStompClient(new NoConnections(), this.scheduler);

	private final List<Throwable> transportErrors = new CopyOnWriteArrayList<>();

	BrokerStompClientTests() {
		this.scheduler.initialize();
	}

	@AfterEach
	void stop() {
		this.scheduler.shutdown();
	}

	@Test
	void aSessionWhoseSendFailsClosesItsConnectionAndIsToldItClosedOnce() {
		ConnectionHandlingStompSession session = this.client.createSession(new StompHeaders(), new Handler());
		BrokenAfterConnect connection = new BrokenAfterConnect();
		session.afterConnected(connection);
		StompHeaders headers = new StompHeaders();
		headers.setDestination("/queue/q");
		assertThatExceptionOfType(MessageDeliveryException.class).isThrownBy(() -> session.send(headers, new byte[0]));
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.transportErrors.isEmpty());
		assertThat(connection.closed).isTrue();
		assertThat(session.isConnected()).isFalse();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> session.send(headers, new byte[0]));
		await().during(Duration.ofMillis(200)).until(() -> this.transportErrors.size() == 1);
		assertThat(this.transportErrors).singleElement().isInstanceOf(ConnectionLostException.class);
	}

	/** Records the transport errors the session reports. */
	private final class Handler extends StompSessionHandlerAdapter {

		@Override
		public void handleTransportError(StompSession session, Throwable exception) {
			BrokerStompClientTests.this.transportErrors.add(exception);
		}

		@Override
		public Type getPayloadType(StompHeaders headers) {
			return byte[].class;
		}

	}

	/**
	 * Takes the session's {@code CONNECT}, then fails every send as Reactor Netty does on
	 * a closed channel, and reads nothing.
	 */
	private static final class BrokenAfterConnect implements TcpConnection<byte[]> {

		private volatile boolean closed;

		@Override
		public CompletableFuture<@Nullable Void> sendAsync(Message<byte[]> message) {
			if (message.getHeaders().get("stompCommand") == StompCommand.CONNECT) {
				return CompletableFuture.completedFuture(null);
			}
			return CompletableFuture.failedFuture(new IllegalStateException("Broken pipe"));
		}

		@Override
		public void onReadInactivity(Runnable runnable, long duration) {
		}

		@Override
		public void onWriteInactivity(Runnable runnable, long duration) {
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

	/** The client's TCP side, never used: the test hands the session its connection. */
	private static final class NoConnections implements TcpOperations<byte[]> {

		@Override
		public CompletableFuture<@Nullable Void> connectAsync(TcpConnectionHandler<byte[]> handler) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<@Nullable Void> connectAsync(TcpConnectionHandler<byte[]> handler,
				ReconnectStrategy reconnectStrategy) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<@Nullable Void> shutdownAsync() {
			return CompletableFuture.completedFuture(null);
		}

	}

}
