package io.exp.client.aot;

import java.util.Collections;
import java.util.concurrent.Executors;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What the SDK itself reaches by reflection:
 * {@code Executors.newVirtualThreadPerTaskExecutor()}, looked up by name so that the SDK
 * runs on Java 17 and uses virtual threads for event bus handlers on Java 21. The SDK
 * reads no resources, and its envelopes and REST documents are maps and JSON trees, which
 * Jackson reads without reflection.
 *
 * @since 0.1.0
 */
public class ExpClientRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection()
			.registerType(Executors.class, (type) -> type.withMethod("newVirtualThreadPerTaskExecutor",
					Collections.emptyList(), ExecutableMode.INVOKE));
	}

}
