package io.exp.server.rest;

import java.util.Map;

import io.exp.server.auth.Identity;
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
 * The content tree (read only), delivery of content files and variants, and location
 * layouts. Downloads are authenticated by the auth package's download interceptor (a
 * bearer token, {@code ?_rt=} or the restricted-token cookie); an app is delivered at
 * {@code {path}/index.html}, as the EXP JavaScript SDK asks for it.
 */
@RestController
class ContentController {

	private static final String KIND = "content";

	private static final String APP_SUBTYPE = "scala:content:app";

	private static final String APP_ENTRY = "/index.html";

	private final ResourceStore store;

	private final DeliveryFiles files;

	ContentController(ResourceStore store, DeliveryFiles files) {
		this.store = store;
		this.files = files;
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
	ResponseEntity<byte[]> deliver(Identity caller, HttpServletRequest request,
			@RequestParam(required = false) @Nullable String variant) {
		String path = UriUtils.decode(request.getRequestURI().substring("/api/delivery".length()), "UTF-8");
		if (path.endsWith(APP_ENTRY) && this.files.get(caller.organization(), path, variant).isEmpty()) {
			String appPath = path.substring(0, path.length() - APP_ENTRY.length());
			if (isApp(caller, appPath)) {
				return download(caller, appPath, variant, "entry file of app " + appPath);
			}
		}
		return download(caller, path, variant, "content file " + path);
	}

	// the SDK asks for {path}/index.html of an app; an app's entry file is stored at the
	// app's path itself
	private boolean isApp(Identity caller, String appPath) {
		return !appPath.isEmpty() && this.store
			.find(caller.organization(), KIND, ResourceQuery.filter(Map.of("path", appPath, "subtype", APP_SUBTYPE)))
			.total() > 0;
	}

	@GetMapping("/api/locations/{uuid}/layout")
	ResponseEntity<byte[]> layout(Identity caller, @PathVariable String uuid) {
		return download(caller, "/layouts/" + uuid, null, "layout of location " + uuid);
	}

	private ResponseEntity<byte[]> download(Identity caller, String path, @Nullable String variant, String what) {
		DeliveryFiles.DeliveryFile file = this.files.get(caller.organization(), path, variant)
			.orElseThrow(() -> ApiException.notFound(what + ((variant != null) ? " variant " + variant : "")));
		return ResponseEntity.ok().contentType(MediaType.parseMediaType(file.contentType())).body(file.bytes());
	}

}
