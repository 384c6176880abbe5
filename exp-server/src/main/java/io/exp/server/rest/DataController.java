package io.exp.server.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import io.exp.server.auth.Identity;
import io.exp.server.store.ResourceQuery;
import io.exp.server.store.ResourceStore;
import io.exp.server.store.ResultPage;

import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Data items {@code {group, key, value}} under {@code /api/data}; a value is a JSON
 * object. Path variables are decoded segment by segment, so {@code /api/data/cats/a%2Fb}
 * is the key {@code a/b} of the group {@code cats}.
 */
@RestController
class DataController {

	private static final String KIND = "data";

	private final ResourceStore store;

	DataController(ResourceStore store) {
		this.store = store;
	}

	@GetMapping("/api/data")
	ResultPage find(Identity caller, @RequestParam MultiValueMap<String, String> query) {
		return this.store.find(caller.organization(), KIND, ResourceQuery.of(query));
	}

	@GetMapping("/api/data/{group}/{key}")
	Map<String, Object> get(Identity caller, @PathVariable String group, @PathVariable String key) {
		return this.store.get(caller.organization(), KIND, id(group, key))
			.orElseThrow(() -> ApiException.notFound("data " + group + "/" + key));
	}

	@PutMapping("/api/data/{group}/{key}")
	Map<String, Object> put(Identity caller, @PathVariable String group, @PathVariable String key,
			@RequestBody Map<String, Object> value) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("group", group);
		document.put("key", key);
		document.put("value", value);
		return this.store.put(caller.organization(), KIND, id(group, key), document);
	}

	@DeleteMapping("/api/data/{group}/{key}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(Identity caller, @PathVariable String group, @PathVariable String key) {
		if (!this.store.delete(caller.organization(), KIND, id(group, key))) {
			throw ApiException.notFound("data " + group + "/" + key);
		}
	}

	/**
	 * Returns the store id of an item. A key may hold a slash (sent encoded,
	 * {@code a%2Fb}); a group may not, so that the id splits at its first slash and two
	 * items never share one.
	 */
	private static String id(String group, String key) {
		if (group.indexOf('/') >= 0) {
			throw ApiException.badRequest("A data group cannot contain '/'");
		}
		return group + "/" + key;
	}

}
