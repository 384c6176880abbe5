package io.exp.server.bus;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.MessagingException;
import org.springframework.messaging.simp.stomp.ConnectionHandlingStompSession;
import org.springframework.messaging.simp.stomp.DefaultStompSession;
import org.springframework.messaging.simp.stomp.ReactorNettyTcpStompClient;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSessionHandler;
import org.springframework.messaging.tcp.TcpConnection;
import org.springframework.messaging.tcp.TcpOperations;

/**
 * Spring's STOMP client over Reactor Netty, whose sessions take a connection that closes
 * before their {@code CONNECT} went out (a broker, or something in front of it, that
 * accepts and closes at once) for a failed connect, as a refused one is. Spring's session
 * throws then, on the client's scheduler thread, which logs it as an uncaught exception
 * with its stack trace at every attempt of the node's reconnect.
 */
final class BrokerStompClient extends ReactorNettyTcpStompClient {

	private static final Log logger = LogFactory.getLog(BrokerStompClient.class);

	BrokerStompClient(TcpOperations<byte[]> tcpClient) {
		super(tcpClient);
	}

	@Override
	protected ConnectionHandlingStompSession createSession(@Nullable StompHeaders connectHeaders,
			StompSessionHandler handler) {
		DefaultStompSession session = new ConnectClosedAsFailure(handler, processConnectHeaders(connectHeaders));
		session.setMessageConverter(getMessageConverter());
		session.setTaskScheduler(getTaskScheduler());
		session.setReceiptTimeLimit(getReceiptTimeLimit());
		return session;
	}

	/** A session whose connect fails when its connection closed before the CONNECT. */
	private static final class ConnectClosedAsFailure extends DefaultStompSession {

		ConnectClosedAsFailure(StompSessionHandler handler, StompHeaders connectHeaders) {
			super(handler, connectHeaders);
		}

		@Override
		public void afterConnected(TcpConnection<byte[]> connection) {
			try {
				super.afterConnected(connection);
			}
			catch (IllegalStateException | MessagingException ex) {
				logger.debug("Broker connection closed before its CONNECT was sent", ex);
				afterConnectFailure(ex);
			}
		}

	}

}
