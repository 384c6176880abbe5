package io.exp.server.auth;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Guards {@code /api/**}: with bearer tokens, except login and the downloads, which
 * {@link DownloadTokenInterceptor} guards (a bearer token, a restricted token as
 * {@code ?_rt=} or in the cookie set at login), and then with the
 * {@link AccessMatrixInterceptor matrix} of what each kind of identity may do.
 */
@Configuration(proxyBeanMethods = false)
class AuthWebConfiguration implements WebMvcConfigurer {

	private static final String LOGIN = "/api/auth/login";

	private static final String DELIVERY = "/api/delivery/**";

	private static final String LAYOUT = "/api/locations/*/layout";

	private final TokenService tokenService;

	AuthWebConfiguration(TokenService tokenService) {
		this.tokenService = tokenService;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new BearerAuthenticationInterceptor(this.tokenService))
			.addPathPatterns("/api/**")
			.excludePathPatterns(LOGIN, DELIVERY, LAYOUT);
		registry.addInterceptor(new DownloadTokenInterceptor(this.tokenService)).addPathPatterns(DELIVERY, LAYOUT);
		registry.addInterceptor(new AccessMatrixInterceptor()).addPathPatterns("/api/**").excludePathPatterns(LOGIN);
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new IdentityArgumentResolver());
	}

}
