package io.exp.server.bus;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.simp.stomp.ConnectionHandlingStompSession;
import org.springframework.messaging.simp.stomp.DefaultStompSession;
import org.springframework.messaging.simp.stomp.ReactorNettyTcpStompClient;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSessionHandler;
import org.springframework.messaging.tcp.TcpConnection;
import org.springframework.messaging.tcp.TcpOperations;
import org.springframework.scheduling.TaskScheduler;

/**
 * Spring's STOMP client over Reactor Netty, whose sessions take a connection that closes
 * before their {@code CONNECT} went out (a broker, or something in front of it, that
 * accepts and closes at once) for a failed connect, as a refused one is (Spring's session
 * throws then, on the client's scheduler thread, which logs it as an uncaught exception
 * with its stack trace at every attempt of the node's reconnect), and take a send that
 * fails for their connection closed.
 */
final class BrokerStompClient extends ReactorNettyTcpStompClient {

	private static final Log logger = LogFactory.getLog(BrokerStompClient.class);

	private final TaskScheduler scheduler;

	/**
	 * @param tcpClient the TCP client
	 * @param scheduler runs the sessions' heart-beats and receipt timeouts, and tells a
	 * session that its connection closed when a send failed
	 */
	BrokerStompClient(TcpOperations<byte[]> tcpClient, TaskScheduler scheduler) {
		super(tcpClient);
		setTaskScheduler(scheduler);
		this.scheduler = scheduler;
	}

	@Override
	protected ConnectionHandlingStompSession createSession(@Nullable StompHeaders connectHeaders,
			StompSessionHandler handler) {
		DefaultStompSession session = new ConnectClosedAsFailure(handler, processConnectHeaders(connectHeaders),
				this.scheduler);
		session.setMessageConverter(getMessageConverter());
		session.setTaskScheduler(this.scheduler);
		session.setReceiptTimeLimit(getReceiptTimeLimit());
		return session;
	}

	/** A session whose connect fails when its connection closed before the CONNECT. */
	private static final class ConnectClosedAsFailure extends DefaultStompSession {

		private final TaskScheduler scheduler;

		ConnectClosedAsFailure(StompSessionHandler handler, StompHeaders connectHeaders, TaskScheduler scheduler) {
			super(handler, connectHeaders);
			this.scheduler = scheduler;
		}

		@Override
		public void afterConnected(TcpConnection<byte[]> connection) {
			try {
				super.afterConnected(new ClosedWhenASendFails(connection, this::afterConnectionClosed, this.scheduler));
			}
			catch (IllegalStateException | MessagingException ex) {
				logger.debug("Broker connection closed before its CONNECT was sent", ex);
				afterConnectFailure(ex);
			}
		}

	}

	/**
	 * A connection whose session is told it closed, once, when a send on it fails:
	 * Reactor Netty may close the channel on a failed write without completing what the
	 * session reads, and then the session would never know, its heart-beats gone with the
	 * channel: a node that looks connected, and is not, for good.
	 */
	private static final class ClosedWhenASendFails implements TcpConnection<byte[]> {

		private final TcpConnection<byte[]> connection;

		private final Runnable closed;

		private final TaskScheduler scheduler;

		private final AtomicBoolean told = new AtomicBoolean();

		/**
		 * @param connection the connection
		 * @param closed tells the session its connection closed
		 * @param scheduler runs that, off the thread of the send, which may hold locks
		 */
		ClosedWhenASendFails(TcpConnection<byte[]> connection, Runnable closed, TaskScheduler scheduler) {
			this.connection = connection;
			this.closed = closed;
			this.scheduler = scheduler;
		}

		@Override
		public CompletableFuture<@Nullable Void> sendAsync(Message<byte[]> message) {
			CompletableFuture<@Nullable Void> sent = this.connection.sendAsync(message);
			sent.whenComplete((result, ex) -> {
				if (ex != null && this.told.compareAndSet(false, true)) {
					logger.debug("A send to the broker failed: its connection is closed", ex);
					this.scheduler.schedule(this.closed, Instant.now());
				}
			});
			return sent;
		}

		@Override
		public void onReadInactivity(Runnable runnable, long duration) {
			this.connection.onReadInactivity(runnable, duration);
		}

		@Override
		public void onWriteInactivity(Runnable runnable, long duration) {
			this.connection.onWriteInactivity(runnable, duration);
		}

		@Override
		public void close() {
			this.connection.close();
		}

	}

}
