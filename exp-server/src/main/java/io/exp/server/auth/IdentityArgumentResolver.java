package io.exp.server.auth;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives controller methods the caller's {@link Identity}, verified by
 * {@link BearerAuthenticationInterceptor}.
 */
class IdentityArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Identity.class.equals(parameter.getParameterType());
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
		Object identity = webRequest.getAttribute(BearerAuthenticationInterceptor.IDENTITY_ATTRIBUTE,
				RequestAttributes.SCOPE_REQUEST);
		if (identity == null) {
			throw new InvalidTokenException("Send the token as 'Authorization: Bearer <token>'");
		}
		return identity;
	}

}
