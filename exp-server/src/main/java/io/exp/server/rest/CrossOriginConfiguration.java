package io.exp.server.rest;

import io.exp.server.ExpServerProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Cross-origin access to {@code /api/**} as {@code exp.server.cors.*} allows it (none by
 * default), with Spring's {@link CorsFilter}: it answers every preflight itself, 200 with
 * the allowed methods and headers or 403 as JSON, and adds the headers to the allowed
 * origins' actual calls, error answers included. A filter rather than Spring MVC's CORS
 * mappings: once a preflight passes its CORS check Spring MVC goes on to the handler
 * interceptors, where the bearer-token check would answer 401 to a preflight, which never
 * carries a token.
 */
@Configuration(proxyBeanMethods = false)
class CrossOriginConfiguration {

	@Bean
	FilterRegistrationBean<CorsFilter> corsFilter(ExpServerProperties properties, JsonMapper json) {
		ExpServerProperties.Cors cors = properties.getCors();
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(cors.getAllowedOrigins());
		configuration.setAllowedMethods(cors.getAllowedMethods());
		configuration.setAllowedHeaders(cors.getAllowedHeaders());
		configuration.setMaxAge(cors.getMaxAge());
		configuration.setAllowCredentials(cors.isAllowCredentials());
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/api/**", configuration);
		CorsFilter filter = new CorsFilter(source);
		filter.setCorsProcessor(new JsonCorsProcessor(json));
		FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(filter);
		// before the size limit and anything else that could answer a preflight
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

}
