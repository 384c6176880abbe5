package io.exp.client.config;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.exp.client.bus.ExpMessage;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.support.GenericMessage;

/**
 * Invokes an annotated method with a received message: the payload converted with Jackson to the declared parameter
 * type (generics included), the raw {@link ExpMessage} where asked for; and turns a responder's return value
 * ({@code Optional}, {@code CompletionStage}, {@code Mono} or any {@code Publisher}, or a plain value) into the
 * response.
 */
final class ExpHandlerMethod {

	private final InvocableHandlerMethod method;

	private final Duration resultTimeout;

	ExpHandlerMethod(ExpEndpoint endpoint, JsonMapper json, Duration resultTimeout) {
		DefaultMessageHandlerMethodFactory factory = new DefaultMessageHandlerMethodFactory();
		factory.setArgumentResolvers(List.of(new RawMessageResolver(), new PayloadResolver(json)));
		factory.afterPropertiesSet();
		this.method = factory.createInvocableHandlerMethod(endpoint.bean(), endpoint.method());
		this.resultTimeout = resultTimeout;
	}

	@Nullable Object invoke(ExpMessage message) {
		Object result;
		try {
			result = this.method.invoke(new GenericMessage<>(message, Map.of()));
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
		return unwrap(result);
	}

	/**
	 * Turns an asynchronous result into a {@code CompletableFuture} bounded by the result timeout, without waiting
	 * for it: the event bus answers when it completes, and no handler thread is held meanwhile.
	 */
	private @Nullable Object unwrap(@Nullable Object result) {
		if (result instanceof Optional<?> optional) {
			return optional.orElse(null);
		}
		if (result instanceof CompletionStage<?> stage) {
			CompletableFuture<@Nullable Object> value = new CompletableFuture<>();
			stage.whenComplete((done, ex) -> {
				if (ex != null) {
					value.completeExceptionally((ex instanceof CompletionException && ex.getCause() != null)
							? ex.getCause() : ex);
				}
				else {
					value.complete(done);
				}
			});
			return value.orTimeout(this.resultTimeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally((ex) -> {
				Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
				throw (cause instanceof TimeoutException) ? timedOut() : new CompletionException(cause);
			});
		}
		if (result instanceof Publisher<?> publisher) {
			return Mono.<@Nullable Object>from(publisher)
				.timeout(this.resultTimeout, Mono.error(this::timedOut))
				.toFuture();
		}
		return result;
	}

	private IllegalStateException timedOut() {
		return new IllegalStateException("The result did not complete within " + this.resultTimeout);
	}

	static boolean isRawMessage(MethodParameter parameter) {
		return ExpMessage.class.equals(parameter.getParameterType());
	}

	/**
	 * Resolves {@link ExpMessage} parameters.
	 */
	private static final class RawMessageResolver implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return isRawMessage(parameter);
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, Message<?> message) {
			return message.getPayload();
		}

	}

	/**
	 * Resolves the payload parameter with Jackson.
	 */
	private static final class PayloadResolver implements HandlerMethodArgumentResolver {

		private final JsonMapper json;

		PayloadResolver(JsonMapper json) {
			this.json = json;
		}

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return !isRawMessage(parameter);
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, Message<?> message) {
			Object payload = ((ExpMessage) message.getPayload()).getPayload();
			Type type = parameter.getGenericParameterType();
			try {
				return this.json.convertValue(payload, this.json.constructType(type));
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException("The payload of '" + ((ExpMessage) message.getPayload()).getName()
						+ "' cannot be converted to " + type.getTypeName() + ": " + ex.getMessage(), ex);
			}
		}

	}

}
