package io.exp.server.bus;

import java.lang.reflect.Type;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.simp.stomp.ReactorNettyTcpStompClient;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * A plain STOMP client of a broker without security that reads a topic, for what the
 * nodes publish there: every message from its subscription on, headers and body as the
 * broker sent them.
 */
final class BrokerTopicReader implements AutoCloseable {

	private final ReactorNettyTcpStompClient client;

	private final ThreadPoolTaskScheduler receipts = new ThreadPoolTaskScheduler();

	private final StompSession session;

	private final List<Read> read = new CopyOnWriteArrayList<>();

	/**
	 * Connects and subscribes, and returns once the broker confirmed the subscription.
	 * @param port the broker's STOMP port on the loopback address
	 * @param destination the topic
	 */
	BrokerTopicReader(int port, String destination) throws Exception {
		this.client = new ReactorNettyTcpStompClient("127.0.0.1", port);
		this.receipts.initialize();
		this.client.setTaskScheduler(this.receipts);
		this.client.setMessageConverter(new ByteArrayMessageConverter() {

			@Override
			protected boolean supportsMimeType(@Nullable MessageHeaders headers) {
				return true;
			}

		});
		this.session = this.client.connectAsync(new StompHeaders(), new StompSessionHandlerAdapter() {
		}).get(10, TimeUnit.SECONDS);
		this.session.setAutoReceipt(true);
		StompHeaders subscribe = new StompHeaders();
		subscribe.setDestination(destination);
		StompSession.Receiptable subscribed = this.session.subscribe(subscribe, new StompFrameHandler() {

			@Override
			public Type getPayloadType(StompHeaders headers) {
				return byte[].class;
			}

			@Override
			public void handleFrame(StompHeaders headers, @Nullable Object payload) {
				BrokerTopicReader.this.read.add(new Read(headers, (byte[]) payload));
			}

		});
		CompletableFuture<Void> confirmed = new CompletableFuture<>();
		subscribed.addReceiptTask(() -> confirmed.complete(null));
		confirmed.get(10, TimeUnit.SECONDS);
	}

	/**
	 * Returns the messages read so far, in the topic's order.
	 * @return the messages
	 */
	List<Read> read() {
		return List.copyOf(this.read);
	}

	@Override
	public void close() {
		this.session.disconnect();
		this.client.shutdown();
		this.receipts.shutdown();
	}

	/** A message read on the topic. */
	record Read(StompHeaders headers, byte[] body) {
	}

}
