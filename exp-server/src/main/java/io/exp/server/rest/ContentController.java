package io.exp.server.rest;

import java.util.Map;

import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.store.DeliveryFiles;
import io.exp.server.store.ResourceQuery;
import io.exp.server.store.ResourceStore;
import io.exp.server.store.ResultPage;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * The content tree (read only), delivery of content files and variants, and location layouts. Downloads take the
 * token as {@code ?_rt=}, a restricted token being enough.
 */
@RestController
class ContentController {

	private static final String KIND = "content";

	private final ResourceStore store;

	private final DeliveryFiles files;

	private final TokenService tokens;

	ContentController(ResourceStore store, DeliveryFiles files, TokenService tokens) {
		this.store = store;
		this.files = files;
		this.tokens = tokens;
	}

	@GetMapping("/api/content")
	ResultPage find(Identity caller, @RequestParam MultiValueMap<String, String> query) {
		return this.store.find(caller.organization(), KIND, ResourceQuery.of(query));
	}

	@GetMapping("/api/content/{uuid}")
	Map<String, Object> get(Identity caller, @PathVariable String uuid) {
		return this.store.get(caller.organization(), KIND, uuid)
			.orElseThrow(() -> ApiException.notFound("content " + uuid));
	}

	@GetMapping("/api/content/{uuid}/children")
	ResultPage children(Identity caller, @PathVariable String uuid) {
		get(caller, uuid);
		return this.store.find(caller.organization(), KIND, ResourceQuery.filter(Map.of("parent", uuid)));
	}

	@GetMapping("/api/delivery/**")
	ResponseEntity<byte[]> deliver(HttpServletRequest request, @RequestParam(name = "_rt", required = false) @Nullable String token,
			@RequestParam(required = false) @Nullable String variant) {
		Identity caller = this.tokens.verifyForDelivery(required(token));
		String path = UriUtils.decode(request.getRequestURI().substring("/api/delivery".length()), "UTF-8");
		return download(caller, path, variant, "content file " + path);
	}

	@GetMapping("/api/locations/{uuid}/layout")
	ResponseEntity<byte[]> layout(@PathVariable String uuid, @RequestParam(name = "_rt", required = false) @Nullable String token) {
		Identity caller = this.tokens.verifyForDelivery(required(token));
		return download(caller, "/layouts/" + uuid, null, "layout of location " + uuid);
	}

	private ResponseEntity<byte[]> download(Identity caller, String path, @Nullable String variant, String what) {
		DeliveryFiles.DeliveryFile file = this.files.get(caller.organization(), path, variant)
			.orElseThrow(() -> ApiException.notFound(what + ((variant != null) ? " variant " + variant : "")));
		return ResponseEntity.ok().contentType(MediaType.parseMediaType(file.contentType())).body(file.bytes());
	}

	private static String required(@Nullable String token) {
		if (token == null || token.isBlank()) {
			throw new io.exp.server.auth.InvalidTokenException("Downloads need the restricted token as ?_rt=");
		}
		return token;
	}

}
