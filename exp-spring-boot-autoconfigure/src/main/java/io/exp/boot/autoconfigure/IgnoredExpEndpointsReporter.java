package io.exp.boot.autoconfigure;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.exp.client.annotation.ExpListen;
import io.exp.client.annotation.ExpRespond;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * With the event bus disabled, {@link ExpListen} and {@link ExpRespond} methods have
 * nothing to subscribe to: says so once, naming them, instead of ignoring them silently.
 */
class IgnoredExpEndpointsReporter implements BeanPostProcessor, SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(IgnoredExpEndpointsReporter.class);

	private final Set<Class<?>> classesWithoutEndpoints = ConcurrentHashMap.newKeySet();

	private final List<String> methods = new CopyOnWriteArrayList<>();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> type = AopUtils.getTargetClass(bean);
		if (this.classesWithoutEndpoints.contains(type)) {
			return bean;
		}
		Set<Method> endpoints = MethodIntrospector.selectMethods(type,
				(ReflectionUtils.MethodFilter) IgnoredExpEndpointsReporter::isEndpoint);
		if (endpoints.isEmpty()) {
			this.classesWithoutEndpoints.add(type);
		}
		endpoints.forEach((method) -> this.methods.add(beanName + "." + method.getName()));
		return bean;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!this.methods.isEmpty()) {
			logger.warn("The EXP event bus is disabled (exp.event-bus.enabled=false), so these @ExpListen and "
					+ "@ExpRespond methods are ignored: " + String.join(", ", this.methods));
		}
	}

	private static boolean isEndpoint(Method method) {
		return AnnotatedElementUtils.hasAnnotation(method, ExpListen.class)
				|| AnnotatedElementUtils.hasAnnotation(method, ExpRespond.class);
	}

}
