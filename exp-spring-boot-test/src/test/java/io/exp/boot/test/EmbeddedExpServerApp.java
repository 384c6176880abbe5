package io.exp.boot.test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/**
 * An application with nothing but the EXP auto-configuration, for tests of the embedded
 * server itself.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class EmbeddedExpServerApp {

}
