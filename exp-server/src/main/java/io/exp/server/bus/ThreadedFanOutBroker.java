package io.exp.server.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.broker.SubscriptionRegistry;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Spring's simple broker, delivering a message with many subscribers on several threads
 * ({@code exp.server.bus.fan-out.*}): the sessions are split into shares of at least
 * {@code sessionsPerThread}, at most one more than there are helper threads; helpers
 * deliver shares and the sending thread delivers the others, then waits for the shares a
 * helper started. A share no helper started yet is delivered by the sending thread
 * instead, so a busy pool never makes a sender wait for a queue. Each share is delivered
 * by Spring's own code (its per-subscriber messages, heartbeat bookkeeping and error
 * handling), told which sessions are its share through the subscription registry. A
 * session is in one share, and the sender returns only when every share is delivered, so
 * every session gets a channel's broadcasts in order, and the history's lock
 * ({@link SerialStamp}) is held until all have it. A helper sends with the sender's
 * publishing deadline ({@link NonBlockingSession#publishingUntil}).
 */
final class ThreadedFanOutBroker extends SimpleBrokerMessageHandler implements DisposableBean {

	/** Shares waiting for a helper: one that waits is delivered by its sender instead. */
	private static final int QUEUED_SHARES = 1000;

	private final Shares shares;

	private final ExecutorService helpers;

	private final int helperCount;

	private final int sessionsPerThread;

	/**
	 * @param spring the broker as Spring's configuration made it, whose channels,
	 * destinations and settings this one takes
	 * @param helperCount how many helper threads deliver beside the sending thread
	 * @param sessionsPerThread the fewest sessions a thread delivers a message to, at
	 * least 1
	 * @param userDestinationPrefix the prefix of destinations for users, which another
	 * handler resolves
	 */
	ThreadedFanOutBroker(SimpleBrokerMessageHandler spring, int helperCount, int sessionsPerThread,
			String userDestinationPrefix) {
		super(spring.getClientInboundChannel(), spring.getClientOutboundChannel(), spring.getBrokerChannel(),
				spring.getDestinationPrefixes());
		this.shares = new Shares(spring.getSubscriptionRegistry());
		setSubscriptionRegistry(this.shares);
		setTaskScheduler(spring.getTaskScheduler());
		setHeartbeatValue(spring.getHeartbeatValue());
		setHeaderInitializer(spring.getHeaderInitializer());
		setPreservePublishOrder(spring.isPreservePublishOrder());
		setUserDestinationPredicate((destination) -> destination.startsWith(userDestinationPrefix));
		CustomizableThreadFactory threads = new CustomizableThreadFactory("exp-server-fan-out-");
		threads.setDaemon(true);
		this.helpers = new ThreadPoolExecutor(helperCount, helperCount, 0, TimeUnit.MILLISECONDS,
				new ArrayBlockingQueue<>(QUEUED_SHARES), threads);
		this.helperCount = helperCount;
		this.sessionsPerThread = sessionsPerThread;
	}

	@Override
	protected void sendMessageToSubscribers(@Nullable String destination, Message<?> message) {
		MultiValueMap<String, String> all = this.shares.registry.findSubscriptions(message);
		int count = Math.min(this.helperCount + 1, all.size() / this.sessionsPerThread);
		if (count < 2) {
			deliver(destination, message, all);
			return;
		}
		long deadline = NonBlockingSession.publishingDeadline();
		List<Share> split = split(all, count);
		for (int i = 1; i < split.size(); i++) {
			Share share = split.get(i);
			try {
				this.helpers.execute(() -> share.deliverUnlessStarted(() -> NonBlockingSession.publishingUntil(deadline,
						() -> deliver(destination, message, share.sessions))));
			}
			catch (RejectedExecutionException ex) {
				// the node stops, or a thousand shares wait already: this thread delivers
				// it
			}
		}
		for (Share share : split) {
			share.deliverUnlessStarted(() -> deliver(destination, message, share.sessions));
		}
		for (Share share : split) {
			share.awaitDelivered();
		}
	}

	/** Stops the helper threads when the node's context closes. */
	@Override
	public void destroy() {
		this.helpers.shutdown();
	}

	/** Delivers to the given sessions with Spring's code. */
	private void deliver(@Nullable String destination, Message<?> message, MultiValueMap<String, String> sessions) {
		this.shares.current.set(sessions);
		try {
			super.sendMessageToSubscribers(destination, message);
		}
		finally {
			this.shares.current.remove();
		}
	}

	/** Splits the sessions into {@code count} shares of consecutive sessions. */
	private static List<Share> split(MultiValueMap<String, String> all, int count) {
		List<Share> split = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			// the first (all.size() % count) shares take one session more
			split.add(new Share(new LinkedMultiValueMap<>(all.size() / count + 1)));
		}
		int index = 0;
		for (Map.Entry<String, List<String>> session : all.entrySet()) {
			int size = all.size() / count + ((index < all.size() % count) ? 1 : 0);
			if (split.get(index).sessions.size() == size) {
				index++;
			}
			split.get(index).sessions.put(session.getKey(), session.getValue());
		}
		return split;
	}

	/** The sessions of one share, and whether a thread started delivering to them. */
	private static final class Share {

		private final MultiValueMap<String, String> sessions;

		private final AtomicBoolean started = new AtomicBoolean();

		private final CompletableFuture<@Nullable Void> delivered = new CompletableFuture<>();

		Share(MultiValueMap<String, String> sessions) {
			this.sessions = sessions;
		}

		void deliverUnlessStarted(Runnable delivery) {
			if (!this.started.compareAndSet(false, true)) {
				return;
			}
			try {
				delivery.run();
			}
			finally {
				this.delivered.complete(null);
			}
		}

		/** Waits, uninterruptibly, until the share is delivered. */
		void awaitDelivered() {
			this.delivered.join();
		}

	}

	/**
	 * Spring's subscription registry, which answers a thread that delivers a share with
	 * the share's sessions.
	 */
	private static final class Shares implements SubscriptionRegistry {

		private final SubscriptionRegistry registry;

		private final ThreadLocal<@Nullable MultiValueMap<String, String>> current = new ThreadLocal<>();

		Shares(SubscriptionRegistry registry) {
			this.registry = registry;
		}

		@Override
		public void registerSubscription(Message<?> subscribeMessage) {
			this.registry.registerSubscription(subscribeMessage);
		}

		@Override
		public void unregisterSubscription(Message<?> unsubscribeMessage) {
			this.registry.unregisterSubscription(unsubscribeMessage);
		}

		@Override
		public void unregisterAllSubscriptions(String sessionId) {
			this.registry.unregisterAllSubscriptions(sessionId);
		}

		@Override
		public MultiValueMap<String, String> findSubscriptions(Message<?> message) {
			MultiValueMap<String, String> share = this.current.get();
			return (share != null) ? share : this.registry.findSubscriptions(message);
		}

	}

}
