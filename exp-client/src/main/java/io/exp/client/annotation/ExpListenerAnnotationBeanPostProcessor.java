package io.exp.client.annotation;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.exp.client.bus.ExpMessage;
import io.exp.client.config.ExpEndpoint;
import io.exp.client.config.ExpEndpointRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.Assert;

/**
 * Finds {@link ExpListen} and {@link ExpRespond} methods on every bean, checks their
 * signatures, and registers them as endpoints with the {@link ExpEndpointRegistry}, which
 * subscribes them when the event bus has started. A method with an impossible signature
 * fails the start with a message naming the bean and the method.
 *
 * @since 0.1.0
 */
public class ExpListenerAnnotationBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware {

	private final Set<Class<?>> classesWithoutEndpoints = ConcurrentHashMap.newKeySet();

	private @Nullable ConfigurableBeanFactory beanFactory;

	private @Nullable BeanExpressionResolver expressionResolver;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (beanFactory instanceof ConfigurableBeanFactory configurable) {
			this.beanFactory = configurable;
			this.expressionResolver = configurable.getBeanExpressionResolver();
		}
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> type = AopUtils.getTargetClass(bean);
		if (this.classesWithoutEndpoints.contains(type)) {
			return bean;
		}
		Map<Method, ExpListen> listeners = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<ExpListen>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, ExpListen.class));
		Map<Method, ExpRespond> responders = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<ExpRespond>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, ExpRespond.class));
		if (listeners.isEmpty() && responders.isEmpty()) {
			this.classesWithoutEndpoints.add(type);
			return bean;
		}
		ExpEndpointRegistry registry = registry();
		listeners.forEach((method, listen) -> registry.register(endpoint(ExpEndpoint.Kind.LISTEN, bean, beanName,
				method, listen.channel(), listen.customChannel(), listen.system(), listen.consumer(), listen.name())));
		responders
			.forEach((method, respond) -> registry.register(endpoint(ExpEndpoint.Kind.RESPOND, bean, beanName, method,
					respond.channel(), respond.customChannel(), respond.system(), respond.consumer(), respond.name())));
		return bean;
	}

	private ExpEndpoint endpoint(ExpEndpoint.Kind kind, Object bean, String beanName, Method method, String channel,
			String customChannel, String system, String consumer, String name) {
		String annotation = (kind == ExpEndpoint.Kind.LISTEN) ? "@ExpListen" : "@ExpRespond";
		String where = annotation + " method " + beanName + "." + method.getName();
		String resolvedChannel = resolve(channel);
		String resolvedCustom = resolve(customChannel);
		String resolvedName = resolve(name);
		if (resolvedName.isEmpty()) {
			throw new BeanInitializationException(where + " needs a name");
		}
		if (resolvedChannel.isEmpty() == resolvedCustom.isEmpty()) {
			throw new BeanInitializationException(where + " must name either channel (one of "
					+ ExpEndpoint.WELL_KNOWN_CHANNELS + ") or customChannel, not both or neither");
		}
		if (!resolvedChannel.isEmpty() && !ExpEndpoint.WELL_KNOWN_CHANNELS.contains(resolvedChannel)) {
			throw new BeanInitializationException(where + " names the unknown channel '" + resolvedChannel
					+ "': use one of " + ExpEndpoint.WELL_KNOWN_CHANNELS + ", or customChannel = \"" + resolvedChannel
					+ "\" for a channel of your own");
		}
		long payloadParameters = Arrays.stream(method.getParameterTypes())
			.filter((parameter) -> !ExpMessage.class.equals(parameter))
			.count();
		if (payloadParameters > 1) {
			throw new BeanInitializationException(where + " has " + payloadParameters
					+ " payload parameters; declare at most one payload parameter and optionally an ExpMessage");
		}
		if (kind == ExpEndpoint.Kind.RESPOND && void.class.equals(method.getReturnType())) {
			throw new BeanInitializationException(
					where + " returns void; a responder must return its response (a value, Optional, "
							+ "CompletableFuture or Mono)");
		}
		Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		return new ExpEndpoint(kind, bean, beanName, invocable, resolvedChannel.isEmpty() ? null : resolvedChannel,
				resolvedCustom.isEmpty() ? null : resolvedCustom, Boolean.parseBoolean(resolve(system)),
				Boolean.parseBoolean(resolve(consumer)), resolvedName);
	}

	private String resolve(String value) {
		if (this.beanFactory == null) {
			return value;
		}
		String resolved = this.beanFactory.resolveEmbeddedValue(value);
		if (this.expressionResolver != null && resolved != null) {
			Object evaluated = this.expressionResolver.evaluate(resolved,
					new BeanExpressionContext(this.beanFactory, null));
			return String.valueOf(evaluated);
		}
		return (resolved != null) ? resolved : value;
	}

	private ExpEndpointRegistry registry() {
		Assert.state(this.beanFactory != null, "No bean factory");
		return this.beanFactory.getBean(ExpEndpointRegistry.BEAN_NAME, ExpEndpointRegistry.class);
	}

}
