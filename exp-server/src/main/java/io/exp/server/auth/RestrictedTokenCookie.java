package io.exp.server.auth;

import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * The restricted token as a cookie, for browsers that load delivery and layout URLs
 * without a token, as the EXP JavaScript SDK builds them ({@code <img src>},
 * {@code fetch} with credentials). It carries the restricted token only, is
 * {@code HttpOnly} and {@code SameSite=Lax}, {@code Secure} when the API is reached over
 * https, and is set twice with one name: a cookie has a single {@code Path}, and
 * {@code /api/delivery} plus {@code /api/locations} keep it off every other call (login,
 * refresh, data, resources), where {@code Path=/api} would send it along. Only
 * {@link DownloadTokenInterceptor} reads it, and only for {@code GET} and {@code HEAD}.
 */
final class RestrictedTokenCookie {

	static final String NAME = "exp_rt";

	static final List<String> PATHS = List.of("/api/delivery", "/api/locations");

	private RestrictedTokenCookie() {
	}

	/**
	 * Sets the cookie on both paths.
	 * @param response the login or refresh answer
	 * @param restrictedToken the restricted token of the auth payload
	 * @param maxAge how long the token lives
	 * @param secure whether the API is reached over https
	 */
	static void write(HttpServletResponse response, String restrictedToken, Duration maxAge, boolean secure) {
		for (String path : PATHS) {
			ResponseCookie cookie = ResponseCookie.from(NAME, restrictedToken)
				.path(path)
				.maxAge(maxAge)
				.httpOnly(true)
				.secure(secure)
				.sameSite("Lax")
				.build();
			response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
		}
	}

	/**
	 * Returns the cookie's token.
	 * @param request a download request
	 * @return the token, or {@code null} when the request has no such cookie
	 */
	static @Nullable String read(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		for (Cookie cookie : cookies) {
			if (NAME.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
				return cookie.getValue();
			}
		}
		return null;
	}

}
