package io.exp.server.auth;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/auth/login} and {@code POST /api/auth/token}: answer the auth payload
 * and set the {@link RestrictedTokenCookie restricted-token cookie}.
 */
@RestController
class AuthController {

	private final LoginService loginService;

	private final TokenService tokenService;

	private final PublicUrls publicUrls;

	AuthController(LoginService loginService, TokenService tokenService, PublicUrls publicUrls) {
		this.loginService = loginService;
		this.tokenService = tokenService;
		this.publicUrls = publicUrls;
	}

	@PostMapping("/api/auth/login")
	Map<String, Object> login(@RequestBody Map<String, Object> body, HttpServletRequest request,
			HttpServletResponse response) {
		return payload(this.loginService.login(body, request.getRemoteAddr()), request, response);
	}

	@PostMapping("/api/auth/token")
	Map<String, Object> refresh(Identity identity, HttpServletRequest request, HttpServletResponse response) {
		this.loginService.countRefresh();
		return payload(identity, request, response);
	}

	private Map<String, Object> payload(Identity identity, HttpServletRequest request, HttpServletResponse response) {
		String apiHost = this.publicUrls.apiHost(request);
		Map<String, Object> identityAnswer = new LinkedHashMap<>();
		identityAnswer.put("uuid", identity.uuid());
		identityAnswer.put("type", identity.type());
		identityAnswer.put("organization", identity.organization());
		if (identity.username() != null) {
			identityAnswer.put("username", identity.username());
		}
		identityAnswer.put("isPairing", identity.isPairing());
		Instant expiration = this.tokenService.expirationOfNewTokens();
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("token", this.tokenService.issue(identity, expiration));
		payload.put("expiration", expiration.toEpochMilli());
		payload.put("identity", identityAnswer);
		payload.put("api", Map.of("host", apiHost));
		payload.put("network", Map.of("host", this.publicUrls.networkHost(apiHost)));
		String restrictedToken = this.tokenService.issueRestricted(identity, expiration);
		payload.put("restrictedToken", restrictedToken);
		payload.put("restrictions", identity.isPairing() ? Map.of("pairing", true) : Map.of());
		RestrictedTokenCookie.write(response, restrictedToken, this.tokenService.lifetime(),
				apiHost.startsWith("https:"));
		return payload;
	}

}
