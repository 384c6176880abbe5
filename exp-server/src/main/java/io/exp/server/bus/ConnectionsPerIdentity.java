package io.exp.server.bus;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.exp.server.auth.Identity;

/**
 * The open connections of each identity on this node, up to a cap
 * ({@code exp.server.bus.max-connections-per-identity}), for every bus transport.
 *
 * @param <C> what names a connection
 * @since 0.1.0
 */
public final class ConnectionsPerIdentity<C> {

	private final int max;

	private final Map<String, Set<C>> connections = new ConcurrentHashMap<>();

	/**
	 * Creates an empty count.
	 * @param max most connections of one identity
	 */
	public ConnectionsPerIdentity(int max) {
		this.max = max;
	}

	/**
	 * Counts a connection unless its identity is at the cap.
	 * @param identity the connection's identity
	 * @param connection the connection
	 * @return whether it was counted
	 */
	public boolean open(Identity identity, C connection) {
		boolean[] opened = { false };
		this.connections.compute(key(identity), (key, open) -> {
			Set<C> counted = (open != null) ? open : ConcurrentHashMap.newKeySet();
			if (counted.size() < this.max) {
				opened[0] = counted.add(connection);
			}
			return counted.isEmpty() ? null : counted;
		});
		return opened[0];
	}

	/**
	 * Forgets a connection; forgetting one that is not counted does nothing.
	 * @param identity the connection's identity
	 * @param connection the connection
	 */
	public void close(Identity identity, C connection) {
		this.connections.computeIfPresent(key(identity), (key, open) -> {
			open.remove(connection);
			return open.isEmpty() ? null : open;
		});
	}

	/**
	 * Returns how many connections of an identity are open.
	 * @param identity the identity
	 * @return the count
	 */
	public int count(Identity identity) {
		Set<C> open = this.connections.get(key(identity));
		return (open != null) ? open.size() : 0;
	}

	/**
	 * Returns the cap.
	 * @return most connections of one identity
	 */
	public int max() {
		return this.max;
	}

	private static String key(Identity identity) {
		return BusPrincipal.nameOf(identity.organization(), identity.uuid());
	}

}
