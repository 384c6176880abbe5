package io.exp.client.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a bean method answer requests targeted at this identity on an event bus channel,
 * as the EXP Python SDK's {@code channel.respond(name, callback)}. The responder is
 * registered when the event bus starts and restored after every reconnect.
 * <p>
 * Supported method parameters: at most one payload parameter, converted with Jackson to
 * its declared type (a POJO, a record, a {@code Map}, a {@code JsonNode}, a
 * {@code String} ...), and optionally an {@link io.exp.client.bus.ExpMessage} for the raw
 * envelope. The return value is the response: a value, an {@code Optional}, a
 * {@code CompletableFuture} or a {@code Mono}; a thrown exception becomes an error
 * response. {@code void} is refused. A future or {@code Mono} is answered when it
 * completes, within the event bus's handler timeout
 * ({@code exp.event-bus.handler-timeout}, 10 seconds by default; otherwise with the error
 * {@code responder.failed}), and holds no handler thread while it is pending.
 * <p>
 * Every attribute accepts property placeholders ({@code ${...}}) and SpEL
 * ({@code #{...}}).
 *
 * <pre class="code">
 * &#064;ExpRespond(channel = "location", name = "getSomething")
 * String getSomething(Map&lt;String, Object&gt; payload) { return "Something"; }
 * </pre>
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ExpRespond {

	/**
	 * A well-known channel: {@code system}, {@code organization}, {@code experience} or
	 * {@code location}. Leave empty to name a custom channel with
	 * {@link #customChannel()}.
	 * @return the well-known channel
	 */
	String channel() default "";

	/**
	 * A custom channel by name, for example a resource uuid, with the {@link #system()}
	 * and {@link #consumer()} flags.
	 * @return the custom channel's name
	 */
	String customChannel() default "";

	/**
	 * Whether the custom channel is a system channel.
	 * @return {@code "true"} or {@code "false"}
	 */
	String system() default "false";

	/**
	 * Whether the custom channel is a consumer channel.
	 * @return {@code "true"} or {@code "false"}
	 */
	String consumer() default "false";

	/**
	 * The request name to answer, for example {@code getSomething}.
	 * @return the name
	 */
	String name();

}
