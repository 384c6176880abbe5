package io.exp.server.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Requires {@code Authorization: Bearer <token>} on API calls and keeps the verified
 * {@link Identity} in the request for {@link IdentityArgumentResolver}.
 */
class BearerAuthenticationInterceptor implements HandlerInterceptor {

	static final String IDENTITY_ATTRIBUTE = Identity.class.getName();

	private final TokenService tokenService;

	BearerAuthenticationInterceptor(TokenService tokenService) {
		this.tokenService = tokenService;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String token = TokenService.bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
		if (token == null) {
			throw new InvalidTokenException("Send the token as 'Authorization: Bearer <token>'");
		}
		request.setAttribute(IDENTITY_ATTRIBUTE, this.tokenService.verify(token));
		return true;
	}

}
