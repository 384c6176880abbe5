package io.exp.client.aot;

import java.util.concurrent.Executors;

import io.exp.client.annotation.ExpListen;
import io.exp.client.annotation.ExpRespond;
import io.exp.client.bus.ExpMessage;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeHint;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hints registered through {@code META-INF/spring/aot.factories}, as Spring's AOT
 * processing finds them.
 */
class ExpRuntimeHintsTests {

	@Test
	void virtualThreadsLookedUpByNameHaveAnInvocationHint() {
		RuntimeHints hints = new RuntimeHints();
		AotServices.factories()
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(hints, getClass().getClassLoader()));
		assertThat(RuntimeHintsPredicates.reflection().onType(Executors.class)).accepts(hints);
		TypeHint executors = hints.reflection().getTypeHint(Executors.class);
		assertThat(executors.methods()).anyMatch((method) -> method.getName().equals("newVirtualThreadPerTaskExecutor")
				&& method.getMode() == ExecutableMode.INVOKE && method.getParameterTypes().isEmpty());
	}

	@Test
	void listenerAndResponderMethodsAreInvokedByReflection() throws NoSuchMethodException {
		RuntimeHints hints = processAheadOfTime();
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(Endpoints.class.getDeclaredMethod("greet", Greeting.class, ExpMessage.class)))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(Endpoints.class.getDeclaredMethod("answer", Greeting.class))).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Endpoints.class, "notAnEndpoint"))
			.rejects(hints);
	}

	@Test
	void payloadsAndResultsInsideAMonoAreBoundByJacksonWithHints() {
		RuntimeHints hints = processAheadOfTime();
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Greeting.class, "text")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Answer.class, "text")).accepts(hints);
	}

	private RuntimeHints processAheadOfTime() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.registerBean(Endpoints.class);
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get(getClass().getPackageName(), "HintsTest")),
					new InMemoryGeneratedFiles());
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			return generation.getRuntimeHints();
		}
	}

	record Greeting(String text) {
	}

	record Answer(String text) {
	}

	static class Endpoints {

		@ExpListen(channel = "organization", name = "greeting")
		void greet(Greeting greeting, ExpMessage message) {
		}

		@ExpRespond(channel = "organization", name = "question")
		Mono<Answer> answer(Greeting greeting) {
			return Mono.just(new Answer(greeting.text()));
		}

		void notAnEndpoint() {
		}

	}

}
