package io.exp.benchmarks.bus;

import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.springframework.messaging.simp.stomp.ReactorNettyTcpStompClient;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;

/**
 * The raw baseline of {@link SharedHistoryHarness}: the broker alone, with no node. Two
 * plain STOMP clients on the broker (spring-messaging's TCP client, the one the nodes
 * use), a ping answered by a pong, timed at the pinger, along the path a broadcast takes
 * between nodes:
 * <ul>
 * <li>{@code topics}: ping and pong each published on a topic the other client subscribes
 * to, one broker hop each way (broadcasts relayed between nodes keeping history per
 * node);</li>
 * <li>{@code stream}: ping and pong appended to one RabbitMQ stream that both clients
 * read from its end, acknowledging as the nodes do (a history shared in a stream);</li>
 * <li>{@code forwarded}: ping and pong sent to a queue that a third client reads and
 * publishes again on a topic both clients subscribe to, two broker hops each way (what a
 * sequencer adds, without its numbering).</li>
 * </ul>
 */
final class RawBrokerRoundTrips implements AutoCloseable {

	private static final String PING = "exp-raw-ping";

	private static final String PONG = "exp-raw-pong";

	private final ReactorNettyTcpStompClient client;

	private final StompHeaders connectHeaders = new StompHeaders();

	RawBrokerRoundTrips(int port, String virtualHost) {
		this.client = new ReactorNettyTcpStompClient("127.0.0.1", port);
		this.connectHeaders.setLogin("guest");
		this.connectHeaders.setPasscode("guest");
		this.connectHeaders.setHost(virtualHost);
	}

	/** One broker hop each way, on topics. */
	long[] topics(int count) throws Exception {
		String ping = "/topic/exp.raw.ping." + UUID.randomUUID();
		String pong = "/topic/exp.raw.pong." + UUID.randomUUID();
		return roundTrips(count, ping, pong, StompSession::subscribe, ping, pong);
	}

	/** Appended to a RabbitMQ stream, read from its end by both clients. */
	long[] stream(String stream, int count) throws Exception {
		String queue = "/queue/" + stream;
		String append = "/amq/queue/" + stream;
		return roundTrips(count, queue, queue, (session, destination, frames) -> {
			StompHeaders headers = new StompHeaders();
			headers.setDestination(destination);
			headers.set("x-queue-type", "stream");
			headers.set("x-stream-offset", "next");
			headers.set("prefetch-count", "400");
			headers.setAck("client");
			return session.subscribe(headers, frames);
		}, append, append);
	}

	/**
	 * Two broker hops each way: through a queue and a client that forwards to a topic.
	 */
	long[] forwarded(int count) throws Exception {
		String in = "/queue/exp.raw.in." + UUID.randomUUID();
		String out = "/topic/exp.raw.out." + UUID.randomUUID();
		StompSession forwarder = connect();
		try {
			forwarder.subscribe(in, new Acknowledging(forwarder, (headers, payload) -> {
				StompHeaders forward = new StompHeaders();
				forward.setDestination(out);
				for (String marker : new String[] { PING, PONG }) {
					if (headers.containsKey(marker)) {
						forward.set(marker, "1");
					}
				}
				forwarder.send(forward, payload);
			}));
			return roundTrips(count, out, out, StompSession::subscribe, in, in);
		}
		finally {
			forwarder.disconnect();
		}
	}

	/**
	 * Runs {@code count} round trips after {@code count / 4} uncounted ones.
	 * @param pingRead where the ponger reads pings
	 * @param pongRead where the pinger reads pongs
	 * @param subscription subscribes a session
	 * @param pingTo where pings are sent
	 * @param pongTo where pongs are sent
	 * @return the round trips in nanoseconds, sorted
	 */
	private long[] roundTrips(int count, String pingRead, String pongRead, Subscription subscription, String pingTo,
			String pongTo) throws Exception {
		ConcurrentHashMap<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
		StompSession pingSession = connect();
		StompSession pongSession = connect();
		try {
			subscription.subscribe(pongSession, pingRead, new Acknowledging(pongSession, (headers, payload) -> {
				if (headers.getFirst(PING) != null) {
					StompHeaders pong = new StompHeaders();
					pong.setDestination(pongTo);
					pong.set(PONG, "1");
					pongSession.send(pong, payload);
				}
			}));
			// the first subscription may declare the stream, which a second one right
			// after it
			// may find without its replica yet
			Thread.sleep(500);
			subscription.subscribe(pingSession, pongRead, new Acknowledging(pingSession, (headers, payload) -> {
				CompletableFuture<Void> answer = (headers.getFirst(PONG) != null) ? pending.remove(new String(payload))
						: null;
				if (answer != null) {
					answer.complete(null);
				}
			}));
			Thread.sleep(1000); // the subscriptions settle on the broker
			long[] nanos = new long[count];
			for (int i = -count / 4; i < count; i++) {
				String id = Integer.toString(i);
				CompletableFuture<Void> answer = new CompletableFuture<>();
				pending.put(id, answer);
				StompHeaders ping = new StompHeaders();
				ping.setDestination(pingTo);
				ping.set(PING, "1");
				long start = System.nanoTime();
				pingSession.send(ping, id.getBytes());
				answer.get(10, TimeUnit.SECONDS);
				if (i >= 0) {
					nanos[i] = System.nanoTime() - start;
				}
			}
			Arrays.sort(nanos);
			return nanos;
		}
		finally {
			pingSession.disconnect();
			pongSession.disconnect();
		}
	}

	private StompSession connect() throws Exception {
		return this.client.connectAsync(this.connectHeaders, new StompSessionHandlerAdapter() {

			/** The broker's ERROR frames, which close the session. */
			@Override
			public void handleFrame(StompHeaders headers, Object payload) {
				System.err.println("The broker refused a frame: " + new String((byte[]) payload));
			}

			@Override
			public Type getPayloadType(StompHeaders headers) {
				return byte[].class;
			}

		}).get(10, TimeUnit.SECONDS);
	}

	@Override
	public void close() {
		this.client.shutdown();
	}

	/** Subscribes a session to a destination. */
	private interface Subscription {

		StompSession.Subscription subscribe(StompSession session, String destination, StompFrameHandler frames);

	}

	/**
	 * Handles a subscription's frames, and acknowledges those of a client-acknowledged
	 * one cumulatively every 100, as the nodes do.
	 */
	private static final class Acknowledging implements StompFrameHandler {

		private final StompSession session;

		private final BiConsumer<StompHeaders, byte[]> handler;

		private int unacknowledged;

		Acknowledging(StompSession session, BiConsumer<StompHeaders, byte[]> handler) {
			this.session = session;
			this.handler = handler;
		}

		@Override
		public Type getPayloadType(StompHeaders headers) {
			return byte[].class;
		}

		@Override
		public void handleFrame(StompHeaders headers, Object payload) {
			this.handler.accept(headers, (byte[]) payload);
			String ack = headers.getAck();
			if (ack != null && ++this.unacknowledged >= 100) {
				this.unacknowledged = 0;
				this.session.acknowledge(ack, true);
			}
		}

	}

}
