package io.exp.client.config;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import io.exp.client.bus.ExpChannel;
import io.exp.client.bus.ExpEventBus;
import org.jspecify.annotations.Nullable;

/**
 * An annotated method, resolved: which channel, which name, listen or respond.
 *
 * @param kind whether the method listens or responds
 * @param bean the bean
 * @param beanName the bean's name, for messages
 * @param method the method
 * @param channel a well-known channel, or {@code null} for a custom one
 * @param customChannel the custom channel's name, or {@code null}
 * @param system whether the custom channel is a system channel
 * @param consumer whether the custom channel is a consumer channel
 * @param name the message name
 * @since 0.1.0
 */
public record ExpEndpoint(Kind kind, Object bean, String beanName, Method method, @Nullable String channel,
		@Nullable String customChannel, boolean system, boolean consumer, String name) {

	/** The well-known channels. */
	public static final Set<String> WELL_KNOWN_CHANNELS = Set.of("system", "organization", "experience", "location");

	/**
	 * Returns the endpoint's channel on a bus.
	 * @param bus the event bus
	 * @return the channel
	 */
	public ExpChannel channelOn(ExpEventBus bus) {
		if (this.customChannel != null) {
			return bus.channel(this.customChannel, this.system, this.consumer);
		}
		return switch (String.valueOf(this.channel)) {
			case "system" -> bus.system();
			case "experience" -> bus.experience();
			case "location" -> bus.location();
			default -> bus.organization();
		};
	}

	/**
	 * Describes the method for messages: {@code beanName.method(ParameterTypes)}.
	 * @return the description
	 */
	public String describe() {
		return describe(this.beanName, this.method);
	}

	static String describe(String beanName, Method method) {
		return beanName + "." + method.getName()
				+ Arrays.stream(method.getParameterTypes())
					.map(Class::getSimpleName)
					.collect(Collectors.joining(", ", "(", ")"));
	}

	/**
	 * Whether an endpoint listens or responds.
	 */
	public enum Kind {

		/** {@code @ExpListen}. */
		LISTEN,

		/** {@code @ExpRespond}. */
		RESPOND

	}

}
