package io.exp.server.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Verifies the token of delivery and layout downloads and keeps its {@link Identity} in
 * the request like {@link BearerAuthenticationInterceptor} does, for
 * {@link AccessMatrixInterceptor}. The token is the first of {@code ?_rt=},
 * {@code Authorization: Bearer} and, for {@code GET} and {@code HEAD}, the
 * {@link RestrictedTokenCookie cookie}; a restricted token is enough. A token that is
 * given but not valid is refused, never passed over for the next one.
 */
class DownloadTokenInterceptor implements HandlerInterceptor {

	private static final String TOKEN_PARAMETER = "_rt";

	private final TokenService tokenService;

	DownloadTokenInterceptor(TokenService tokenService) {
		this.tokenService = tokenService;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String token = tokenOf(request);
		if (token == null) {
			throw new InvalidTokenException("Downloads need a token: 'Authorization: Bearer <token>', the restricted"
					+ " token as ?" + TOKEN_PARAMETER + "=, or the cookie set at login");
		}
		request.setAttribute(BearerAuthenticationInterceptor.IDENTITY_ATTRIBUTE,
				this.tokenService.verifyForDelivery(token));
		return true;
	}

	private static @Nullable String tokenOf(HttpServletRequest request) {
		String parameter = request.getParameter(TOKEN_PARAMETER);
		if (parameter != null && !parameter.isBlank()) {
			return parameter;
		}
		String bearer = TokenService.bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
		if (bearer != null) {
			return bearer;
		}
		String method = request.getMethod();
		if (HttpMethod.GET.matches(method) || HttpMethod.HEAD.matches(method)) {
			return RestrictedTokenCookie.read(request);
		}
		return null;
	}

}
