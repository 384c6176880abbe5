package io.exp.server;

import io.exp.server.store.DeliveryFiles;
import io.exp.server.store.InMemoryResourceStore;
import io.exp.server.store.ResourceStore;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The server's own beans: its configuration properties, the resource store and the
 * delivery files.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExpServerProperties.class)
class ServerConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "exp.server.store", havingValue = "memory", matchIfMissing = true)
	ResourceStore resourceStore() {
		return new InMemoryResourceStore();
	}

	@Bean
	DeliveryFiles deliveryFiles() {
		return new DeliveryFiles();
	}

}
