package io.exp.server.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Verifies the token of delivery and layout downloads, given as {@code ?_rt=} (a restricted token is enough), and
 * keeps its {@link Identity} in the request like {@link BearerAuthenticationInterceptor} does, for
 * {@link AccessMatrixInterceptor}.
 */
class DownloadTokenInterceptor implements HandlerInterceptor {

	private static final String TOKEN_PARAMETER = "_rt";

	private final TokenService tokenService;

	DownloadTokenInterceptor(TokenService tokenService) {
		this.tokenService = tokenService;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String token = request.getParameter(TOKEN_PARAMETER);
		if (token == null || token.isBlank()) {
			throw new InvalidTokenException("Downloads need the restricted token as ?" + TOKEN_PARAMETER + "=");
		}
		request.setAttribute(BearerAuthenticationInterceptor.IDENTITY_ATTRIBUTE,
				this.tokenService.verifyForDelivery(token));
		return true;
	}

}
