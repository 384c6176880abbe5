package io.exp.server.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.exp.server.auth.Identity;
import io.exp.server.store.ResourceQuery;
import io.exp.server.store.ResourceStore;
import io.exp.server.store.ResultPage;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Find, get, create, merge and delete of uuid-identified resources, always within the
 * caller's organization.
 */
@Service
class ResourceService {

	private final ResourceStore store;

	ResourceService(ResourceStore store) {
		this.store = store;
	}

	ResultPage find(Identity caller, String kind, ResourceQuery query) {
		return this.store.find(caller.organization(), kind, query);
	}

	Map<String, Object> get(Identity caller, String kind, String uuid) {
		return this.store.get(caller.organization(), kind, uuid)
			.orElseThrow(() -> ApiException.notFound(singular(kind) + " " + uuid));
	}

	Map<String, Object> create(Identity caller, String kind, Map<String, Object> document) {
		Object given = document.get("uuid");
		if (given != null && !(given instanceof String)) {
			throw ApiException.badRequest("uuid must be a string");
		}
		String uuid = (given != null) ? (String) given : UUID.randomUUID().toString();
		if (this.store.get(caller.organization(), kind, uuid).isPresent()) {
			throw new ApiException(HttpStatus.CONFLICT, "resource.exists",
					"A " + singular(kind) + " " + uuid + " exists");
		}
		Map<String, Object> created = new LinkedHashMap<>(document);
		created.put("uuid", uuid);
		return this.store.put(caller.organization(), kind, uuid, created);
	}

	Map<String, Object> merge(Identity caller, String kind, String uuid, Map<String, Object> changes) {
		return this.store.update(caller.organization(), kind, uuid, (current) -> {
			current.putAll(changes);
			current.put("uuid", uuid);
			return current;
		}).orElseThrow(() -> ApiException.notFound(singular(kind) + " " + uuid));
	}

	void delete(Identity caller, String kind, String uuid) {
		if (!this.store.delete(caller.organization(), kind, uuid)) {
			throw ApiException.notFound(singular(kind) + " " + uuid);
		}
	}

	private static String singular(String kind) {
		return kind.endsWith("s") ? kind.substring(0, kind.length() - 1) : kind;
	}

}
