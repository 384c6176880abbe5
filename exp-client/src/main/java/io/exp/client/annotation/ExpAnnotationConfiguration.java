package io.exp.client.annotation;

import io.exp.client.bus.ExpEventBus;
import io.exp.client.config.ExpEndpointRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * Enables {@link ExpListen} and {@link ExpRespond} in a plain Spring application:
 * {@code @Import} it beside an {@link ExpEventBus} bean. Spring Boot's auto-configuration
 * imports it for you.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
public class ExpAnnotationConfiguration {

	/**
	 * The post-processor that finds annotated methods.
	 * @return the post-processor
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static ExpListenerAnnotationBeanPostProcessor expListenerAnnotationBeanPostProcessor() {
		return new ExpListenerAnnotationBeanPostProcessor();
	}

	/**
	 * The registry of annotated endpoints, subscribed once the event bus has started.
	 * @param eventBus the event bus
	 * @return the registry
	 */
	@Bean(name = ExpEndpointRegistry.BEAN_NAME)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	ExpEndpointRegistry expEndpointRegistry(ObjectProvider<ExpEventBus> eventBus) {
		return new ExpEndpointRegistry(eventBus::getObject);
	}

}
