package io.exp.server.bus;

import java.security.Principal;

import io.exp.server.auth.Identity;

/**
 * The STOMP user of a session: named {@code {organization}:{uuid}} so user destinations
 * never cross organizations.
 *
 * @param identity the identity the session's token speaks for
 */
record BusPrincipal(Identity identity) implements Principal {

	static String nameOf(String organization, String uuid) {
		return organization + ":" + uuid;
	}

	@Override
	public String getName() {
		return nameOf(this.identity.organization(), this.identity.uuid());
	}

}
