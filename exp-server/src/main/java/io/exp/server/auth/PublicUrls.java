package io.exp.server.auth;

import java.net.URI;
import java.net.URISyntaxException;

import io.exp.server.ExpServerProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The URLs clients are told to use at login: {@code exp.server.public-url} when set,
 * otherwise the login request's own URL (whose host the client chooses).
 */
@Component
class PublicUrls {

	/**
	 * Path of the event bus's WebSocket endpoint, given to clients as
	 * {@code network.host}.
	 */
	static final String EVENT_BUS_PATH = "/eventbus";

	private final @Nullable String publicUrl;

	PublicUrls(ExpServerProperties properties) {
		this.publicUrl = validated(properties.getPublicUrl());
	}

	private static @Nullable String validated(@Nullable String configured) {
		if (configured == null || configured.isBlank()) {
			return null;
		}
		String message = "exp.server.public-url must be an absolute http or https URL without query, for example"
				+ " https://exp.example.com, not '" + configured + "'";
		try {
			URI uri = new URI(configured.trim());
			if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
					|| uri.getRawQuery() != null || uri.getRawFragment() != null) {
				throw new IllegalStateException(message);
			}
			return uri.toString().replaceFirst("/+$", "");
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(message, ex);
		}
	}

	/**
	 * Returns the base URL of the REST API.
	 * @param request the login or refresh request
	 * @return the {@code api.host} of the auth payload
	 */
	String apiHost(HttpServletRequest request) {
		return (this.publicUrl != null) ? this.publicUrl
				: ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null).toUriString();
	}

	/**
	 * Returns the URL of the event bus.
	 * @param apiHost the base URL of the REST API
	 * @return the {@code network.host} of the auth payload
	 */
	String networkHost(String apiHost) {
		return apiHost.replaceFirst("^http", "ws") + EVENT_BUS_PATH;
	}

}
