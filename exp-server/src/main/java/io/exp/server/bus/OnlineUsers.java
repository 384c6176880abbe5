package io.exp.server.bus;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;

/**
 * The identities connected to the event bus now: this node's sessions (Spring's user
 * registry) and, with a relayed broker, those the other nodes announce
 * ({@link NodePresence}).
 */
final class OnlineUsers {

	private final SimpUserRegistry local;

	private final @Nullable NodePresence remote;

	OnlineUsers(SimpUserRegistry local, @Nullable NodePresence remote) {
		this.local = local;
		this.remote = remote;
	}

	/**
	 * Whether a user has a session on any node.
	 * @param user a bus user name
	 * @return {@code true} when connected somewhere
	 */
	boolean isOnline(String user) {
		return this.local.getUser(user) != null || (this.remote != null && !this.remote.nodesHolding(user).isEmpty());
	}

	/**
	 * Returns the users connected on any node.
	 * @return by bus user name, its identity type
	 */
	Map<String, String> all() {
		Map<String, String> users = (this.remote != null) ? new LinkedHashMap<>(this.remote.remoteUsers())
				: new LinkedHashMap<>();
		for (SimpUser user : this.local.getUsers()) {
			if (user.getPrincipal() instanceof BusPrincipal principal) {
				users.put(user.getName(), principal.identity().type());
			}
		}
		return users;
	}

}
