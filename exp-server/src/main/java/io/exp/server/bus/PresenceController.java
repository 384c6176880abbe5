package io.exp.server.bus;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.exp.server.auth.Identity;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/presence}: the identities of the caller's organization connected to the
 * event bus now, on this node and, with a relayed broker, on the others.
 */
@RestController
class PresenceController {

	private final OnlineUsers users;

	PresenceController(OnlineUsers users) {
		this.users = users;
	}

	@GetMapping("/api/presence")
	Map<String, Object> online(Identity caller) {
		String prefix = BusPrincipal.nameOf(caller.organization(), "");
		List<Map<String, String>> results = this.users.all()
			.entrySet()
			.stream()
			.filter((user) -> user.getKey().startsWith(prefix))
			.map((user) -> entry(user.getKey().substring(prefix.length()), user.getValue()))
			.sorted(Comparator.comparing((entry) -> entry.get("uuid")))
			.toList();
		return Map.of("total", results.size(), "results", results);
	}

	private static Map<String, String> entry(String uuid, String type) {
		Map<String, String> entry = new LinkedHashMap<>();
		entry.put("uuid", uuid);
		entry.put("type", type);
		return entry;
	}

}
