package io.exp.client.aot;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Set;

import io.exp.client.annotation.ExpListen;
import io.exp.client.annotation.ExpRespond;
import io.exp.client.bus.ExpMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The reflection hints of a bean's {@link ExpListen} and {@link ExpRespond} methods,
 * found as the annotation post-processor finds them: each method is invoked by
 * reflection, its payload parameter is read from JSON and its result written as JSON, so
 * both types get Jackson's binding hints (nested types and generics included, for example
 * the {@code T} of a {@code Mono<T>}).
 *
 * @since 0.1.0
 */
public class ExpEndpointBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Set<Method> endpoints = MethodIntrospector.selectMethods(registeredBean.getBeanClass(),
				(ReflectionUtils.MethodFilter) (method) -> AnnotatedElementUtils.hasAnnotation(method, ExpListen.class)
						|| AnnotatedElementUtils.hasAnnotation(method, ExpRespond.class));
		if (endpoints.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> endpoints
			.forEach((method) -> registerHints(generationContext.getRuntimeHints().reflection(), method));
	}

	private void registerHints(ReflectionHints hints, Method method) {
		hints.registerMethod(method, ExecutableMode.INVOKE);
		for (Parameter parameter : method.getParameters()) {
			if (!ExpMessage.class.equals(parameter.getType())) {
				this.bindings.registerReflectionHints(hints, parameter.getParameterizedType());
			}
		}
		if (!void.class.equals(method.getReturnType())) {
			this.bindings.registerReflectionHints(hints, method.getGenericReturnType());
		}
	}

}
