package io.exp.boot.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.BeanUtils;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ExpProperties} and its nested groups get binding hints from Spring Boot's AOT
 * processing of the auto-configuration ({@code @EnableConfigurationProperties}), so the
 * starter registers none of its own.
 */
class ExpPropertiesRuntimeHintsTests {

	@Test
	void thePropertiesAndEachNestedGroupHaveBindingHints() {
		RuntimeHints hints = processAheadOfTime();
		assertThat(RuntimeHintsPredicates.reflection().onType(ExpProperties.class)).accepts(hints);
		assertThat(nestedGroups()).isNotEmpty()
			.allSatisfy((group) -> assertThat(RuntimeHintsPredicates.reflection().onType(group)).accepts(hints));
	}

	private static List<Class<?>> nestedGroups() {
		return Arrays.stream(BeanUtils.getPropertyDescriptors(ExpProperties.class))
			.map(PropertyDescriptor::getPropertyType)
			.filter((type) -> type != null && type.getName().startsWith(ExpProperties.class.getName() + "$"))
			.<Class<?>>map((type) -> type)
			.toList();
	}

	private RuntimeHints processAheadOfTime() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.register(ExpAutoConfiguration.class);
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get(getClass().getPackageName(), "HintsTest")),
					new InMemoryGeneratedFiles());
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			return generation.getRuntimeHints();
		}
	}

}
