package io.exp.sample;

import io.exp.boot.autoconfigure.ExpConnectionDetails;
import io.exp.boot.autoconfigure.ExpProperties;
import io.exp.client.auth.ExpCredentials;
import io.exp.server.ExpServer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * By default the sample starts its own EXP server on a free port and logs in to it with
 * the {@code exp.*} credentials; {@code sample.embedded-server=false} uses
 * {@code exp.host} and {@code exp.port} instead.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sample.embedded-server", havingValue = "true", matchIfMissing = true)
class EmbeddedServerConfiguration {

	@Bean(destroyMethod = "close")
	ExpServer embeddedExpServer() {
		return ExpServer.builder().start();
	}

	@Bean
	ExpConnectionDetails embeddedExpConnectionDetails(ExpServer server, ExpProperties properties) {
		ExpCredentials credentials = ExpCredentials.user(properties.getUsername(), properties.getPassword(),
				properties.getOrganization());
		return new ExpConnectionDetails() {

			@Override
			public String getBaseUrl() {
				return server.getUrl();
			}

			@Override
			public ExpCredentials getCredentials() {
				return credentials;
			}

		};
	}

}
