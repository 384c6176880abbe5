package io.exp.server.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.exp.server.auth.Identity;
import io.exp.server.store.ResourceQuery;
import io.exp.server.store.ResultPage;

import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The resources with the same five verbs: devices, things, experiences and locations
 * under {@code /api/{kind}}, feeds under {@code /api/connectors/feeds}, plus a feed's
 * data.
 */
@RestController
class ResourceController {

	private static final String KINDS = "{kind:devices|things|experiences|locations}";

	private static final String FEEDS = "/api/connectors/feeds";

	private final ResourceService resources;

	ResourceController(ResourceService resources) {
		this.resources = resources;
	}

	@GetMapping("/api/" + KINDS)
	ResultPage find(Identity caller, @PathVariable String kind, @RequestParam MultiValueMap<String, String> query) {
		return this.resources.find(caller, kind, ResourceQuery.of(query));
	}

	@PostMapping("/api/" + KINDS)
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> create(Identity caller, @PathVariable String kind, @RequestBody Map<String, Object> document) {
		return this.resources.create(caller, kind, document);
	}

	@GetMapping("/api/" + KINDS + "/{uuid}")
	Map<String, Object> get(Identity caller, @PathVariable String kind, @PathVariable String uuid) {
		return this.resources.get(caller, kind, uuid);
	}

	@PatchMapping("/api/" + KINDS + "/{uuid}")
	Map<String, Object> merge(Identity caller, @PathVariable String kind, @PathVariable String uuid,
			@RequestBody Map<String, Object> changes) {
		return this.resources.merge(caller, kind, uuid, changes);
	}

	@DeleteMapping("/api/" + KINDS + "/{uuid}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(Identity caller, @PathVariable String kind, @PathVariable String uuid) {
		this.resources.delete(caller, kind, uuid);
	}

	@GetMapping(FEEDS)
	ResultPage findFeeds(Identity caller, @RequestParam MultiValueMap<String, String> query) {
		return find(caller, "feeds", query);
	}

	@PostMapping(FEEDS)
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> createFeed(Identity caller, @RequestBody Map<String, Object> document) {
		return create(caller, "feeds", document);
	}

	@GetMapping(FEEDS + "/{uuid}")
	Map<String, Object> getFeed(Identity caller, @PathVariable String uuid) {
		return get(caller, "feeds", uuid);
	}

	@PatchMapping(FEEDS + "/{uuid}")
	Map<String, Object> mergeFeed(Identity caller, @PathVariable String uuid,
			@RequestBody Map<String, Object> changes) {
		return merge(caller, "feeds", uuid, changes);
	}

	@DeleteMapping(FEEDS + "/{uuid}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void deleteFeed(Identity caller, @PathVariable String uuid) {
		delete(caller, "feeds", uuid);
	}

	/**
	 * Answers a feed's data: deterministic for the feed, with the query parameters
	 * echoed.
	 */
	@GetMapping(FEEDS + "/{uuid}/data")
	Map<String, Object> feedData(Identity caller, @PathVariable String uuid, @RequestParam Map<String, String> query) {
		Map<String, Object> feed = this.resources.get(caller, "feeds", uuid);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("feed", Map.of("uuid", uuid, "name", String.valueOf(feed.get("name"))));
		data.put("query", query);
		data.put("items", List.of(Map.of("title", feed.get("name") + " item 1", "index", 1),
				Map.of("title", feed.get("name") + " item 2", "index", 2)));
		return data;
	}

}
