package io.exp.client.bus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A channel of the EXP event bus, as the EXP Python SDK's {@code exp.channels.*}:
 * broadcast, listen, request, respond, fling and identify on it. Sends while the bus is
 * offline fail fast with {@code ExpNotConnectedException}, and so do sends in the moment
 * between the loss of a connection (a node dying) and the bus noticing it: the
 * transport's own exceptions never reach the caller. Sends on a system channel, which is
 * listen-only for clients, fail with {@link IllegalStateException}.
 *
 * @since 0.1.0
 */
public interface ExpChannel {

	/**
	 * Returns the channel's name.
	 * @return the name, for example {@code "organization"} or a resource uuid
	 */
	String getName();

	/**
	 * Whether this is a system channel (listen-only).
	 * @return {@code true} for a system channel
	 */
	boolean isSystem();

	/**
	 * Whether this is a consumer channel.
	 * @return {@code true} for a consumer channel
	 */
	boolean isConsumer();

	/**
	 * Broadcasts a message to every listener of the name on this channel.
	 * @param name the message name, for example {@code Hi!}
	 * @param payload the payload, serialized as JSON
	 * @throws io.exp.client.ExpNotConnectedException when the bus is offline or its
	 * connection is found lost
	 * @throws IllegalArgumentException when the message is larger than the bus's maximum
	 * message size
	 * @throws IllegalStateException on a system channel, which is listen-only
	 */
	void broadcast(String name, @Nullable Object payload);

	/**
	 * Broadcasts a message and collects the responses listeners send back within the
	 * given time.
	 * @param name the message name
	 * @param payload the payload
	 * @param collectFor how long to collect responses
	 * @return the responses received in that time
	 * @throws io.exp.client.ExpNotConnectedException when the bus is offline
	 * @throws IllegalStateException on a system channel, which is listen-only
	 */
	List<ExpMessage> broadcast(String name, @Nullable Object payload, Duration collectFor);

	/**
	 * Listens for broadcasts of a name, as the EXP Python SDK's
	 * {@code listen(name, callback)}. The handler runs on the bus's handler executor,
	 * never on the connection's thread.
	 * @param name the message name
	 * @param handler called with each message
	 * @return the subscription, to cancel
	 */
	ExpSubscription listen(String name, Consumer<ExpMessage> handler);

	/**
	 * Listens for broadcasts of a name with the payload converted to a type with Jackson.
	 * A payload that cannot be converted is logged with the channel and name, and
	 * skipped.
	 * @param <T> the payload type
	 * @param name the message name
	 * @param type the payload type
	 * @param handler called with each converted payload
	 * @return the subscription, to cancel
	 */
	<T> ExpSubscription listen(String name, Class<T> type, Consumer<T> handler);

	/**
	 * Sends a request to a target and waits for its response, up to the bus's request
	 * timeout.
	 * @param name the request name, for example {@code getSomething}
	 * @param target the target
	 * @param payload the payload
	 * @return the response payload
	 * @throws io.exp.client.ExpTimeoutException when no response arrives in time
	 * @throws io.exp.client.ExpRequestException when the response is an error
	 * @throws io.exp.client.ExpNotConnectedException when the bus is offline, its
	 * connection is found lost while sending, or it goes offline before the response
	 * @throws IllegalArgumentException when the message is larger than the bus's maximum
	 * message size
	 * @throws IllegalStateException on a system channel, which is listen-only
	 */
	@Nullable Object request(String name, ExpTarget target, @Nullable Object payload);

	/**
	 * Sends a request and converts the response payload to a type with Jackson.
	 * @param <T> the response type
	 * @param name the request name
	 * @param target the target
	 * @param payload the payload
	 * @param responseType the response type
	 * @return the converted response
	 */
	<T> T request(String name, ExpTarget target, @Nullable Object payload, Class<T> responseType);

	/**
	 * Sends a request without blocking; it never throws: every failure, including a bus
	 * that is offline, stopped, or whose connection died before it noticed, completes the
	 * answer exceptionally, with one of the exceptions documented on
	 * {@link #request(String, ExpTarget, Object)}.
	 * @param name the request name
	 * @param target the target
	 * @param payload the payload
	 * @return completes with the response payload, or exceptionally with the exceptions
	 * that {@link #request(String, ExpTarget, Object)} throws
	 */
	CompletableFuture<@Nullable Object> requestAsync(String name, ExpTarget target, @Nullable Object payload);

	/**
	 * Answers requests of a name targeted at this identity, as the EXP Python SDK's
	 * {@code respond(name, callback)}. The handler's return value is the response; a
	 * thrown exception becomes an error response. A {@code CompletionStage} is answered
	 * with its value when it completes (or with an error when it fails), and no handler
	 * thread waits for it meanwhile.
	 * @param name the request name
	 * @param handler computes the response from the request
	 * @return the subscription, to cancel
	 */
	ExpSubscription respond(String name, Function<ExpMessage, @Nullable Object> handler);

	/**
	 * Answers requests of a name with the payload converted to a type with the bus's
	 * Jackson mapper; a payload that cannot be converted is answered with an error. The
	 * handler's result is answered as with {@link #respond(String, Function)}.
	 * @param <T> the payload type
	 * @param name the request name
	 * @param type the payload type
	 * @param handler computes the response
	 * @return the subscription, to cancel
	 */
	<T> ExpSubscription respond(String name, Class<T> type, Function<T, @Nullable Object> handler);

	/**
	 * Flings content on this channel: a broadcast named {@code fling} with payload
	 * {@code {"uuid": uuid}}.
	 * @param uuid the content's uuid
	 */
	default void fling(String uuid) {
		broadcast("fling", Map.of("uuid", uuid));
	}

	/**
	 * Asks devices on this channel to identify themselves: a broadcast named
	 * {@code identify}.
	 */
	default void identify() {
		broadcast("identify", Map.of());
	}

}
