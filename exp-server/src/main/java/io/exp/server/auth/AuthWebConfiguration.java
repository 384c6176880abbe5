package io.exp.server.auth;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Guards {@code /api/**} with bearer tokens, except login and the downloads that take a restricted token.
 */
@Configuration(proxyBeanMethods = false)
class AuthWebConfiguration implements WebMvcConfigurer {

	private final TokenService tokenService;

	AuthWebConfiguration(TokenService tokenService) {
		this.tokenService = tokenService;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new BearerAuthenticationInterceptor(this.tokenService))
			.addPathPatterns("/api/**")
			.excludePathPatterns("/api/auth/login", "/api/delivery/**", "/api/locations/*/layout");
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new IdentityArgumentResolver());
	}

}
