package io.exp.server.bus;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.exp.server.auth.Identity;

import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/presence}: the identities of the caller's organization connected to the event bus now, on this
 * node and, with a relayed broker, on the others (whose type this node does not know).
 */
@RestController
class PresenceController {

	private final SimpUserRegistry users;

	PresenceController(SimpUserRegistry users) {
		this.users = users;
	}

	@GetMapping("/api/presence")
	Map<String, Object> online(Identity caller) {
		String prefix = BusPrincipal.nameOf(caller.organization(), "");
		List<Map<String, String>> results = this.users.getUsers()
			.stream()
			.filter((user) -> user.getName().startsWith(prefix))
			.map((user) -> entry(user, user.getName().substring(prefix.length())))
			.distinct()
			.sorted(Comparator.comparing((entry) -> entry.get("uuid")))
			.toList();
		return Map.of("total", results.size(), "results", results);
	}

	private static Map<String, String> entry(SimpUser user, String uuid) {
		Map<String, String> entry = new LinkedHashMap<>();
		entry.put("uuid", uuid);
		if (user.getPrincipal() instanceof BusPrincipal principal) {
			entry.put("type", principal.identity().type());
		}
		return entry;
	}

}
