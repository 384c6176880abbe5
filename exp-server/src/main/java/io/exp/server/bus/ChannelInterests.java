package io.exp.server.bus;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.function.SingletonSupplier;

/**
 * Which channels this node has listeners on, counted over every way onto the channels
 * (STOMP subscriptions, and the socket.io bridge): with a relayed broker, the node hears
 * a channel's broadcasts from the other nodes while its count is above zero. Each
 * {@link #interest} must be matched by one {@link #release}. Without a relayed broker
 * every broadcast passes through the node's broker channel anyway, and counting changes
 * nothing.
 *
 * @since 0.1.0
 */
public final class ChannelInterests {

	/**
	 * The relay, looked up at first use: it depends on beans that are built with the
	 * bus's inbound channel.
	 */
	private final Supplier<@Nullable NodeRelay> relay;

	private final Map<String, Interest> channels = new ConcurrentHashMap<>();

	ChannelInterests(Supplier<@Nullable NodeRelay> relay) {
		this.relay = SingletonSupplier.of(relay);
	}

	/**
	 * Counts one more listener of a channel on this node.
	 * @param channelId the channel id (base64url), as {@link ChannelRules#check} returns
	 * it encoded
	 * @return completes when the node hears the channel's broadcasts from every node
	 */
	public CompletableFuture<Void> interest(String channelId) {
		NodeRelay relay = this.relay.get();
		if (relay == null) {
			return CompletableFuture.completedFuture(null);
		}
		return this.channels
			.compute(channelId,
					(key, interest) -> (interest != null) ? interest.more()
							: new Interest(1, relay.subscribe(channelId)))
			.subscribed();
	}

	/**
	 * Counts one listener of a channel less on this node.
	 * @param channelId the channel id (base64url)
	 */
	public void release(String channelId) {
		NodeRelay relay = this.relay.get();
		if (relay == null) {
			return;
		}
		this.channels.computeIfPresent(channelId, (key, interest) -> {
			if (interest.count() > 1) {
				return interest.less();
			}
			relay.unsubscribe(channelId);
			return null;
		});
	}

	/**
	 * Returns when the node hears a channel's broadcasts from every node, as far as its
	 * listeners so far go.
	 * @param channelId the channel id (base64url)
	 * @return completes when the broker confirmed the channel's subscription (at once
	 * without one)
	 */
	CompletableFuture<Void> subscribed(String channelId) {
		Interest interest = this.channels.get(channelId);
		return (interest != null) ? interest.subscribed() : CompletableFuture.completedFuture(null);
	}

	/**
	 * Returns how many listeners of a channel this node counts.
	 * @param channelId the channel id (base64url)
	 * @return the count
	 */
	int count(String channelId) {
		Interest interest = this.channels.get(channelId);
		return (interest != null) ? interest.count() : 0;
	}

	private record Interest(int count, CompletableFuture<Void> subscribed) {

		Interest more() {
			return new Interest(this.count + 1, this.subscribed);
		}

		Interest less() {
			return new Interest(this.count - 1, this.subscribed);
		}

	}

}
