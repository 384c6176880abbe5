package io.exp.server.bus;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.exp.server.auth.Identity;

import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/presence}: the identities of the caller's organization connected to the event bus now.
 */
@RestController
class PresenceController {

	private final SimpUserRegistry users;

	PresenceController(SimpUserRegistry users) {
		this.users = users;
	}

	@GetMapping("/api/presence")
	Map<String, Object> online(Identity caller) {
		List<Map<String, String>> results = this.users.getUsers()
			.stream()
			.map((user) -> (user.getPrincipal() instanceof BusPrincipal principal) ? principal.identity() : null)
			.filter(Objects::nonNull)
			.filter((identity) -> identity.organization().equals(caller.organization()))
			.distinct()
			.sorted(Comparator.comparing(Identity::uuid))
			.map((identity) -> Map.of("uuid", identity.uuid(), "type", identity.type()))
			.toList();
		return Map.of("total", results.size(), "results", results);
	}

}
