package io.exp.boot.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Turns {@link EmbeddedExpServer} on a test class into a
 * {@link EmbeddedExpServerContextCustomizer}.
 */
class EmbeddedExpServerContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		EmbeddedExpServer annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				EmbeddedExpServer.class);
		return (annotation != null) ? new EmbeddedExpServerContextCustomizer(annotation) : null;
	}

}
