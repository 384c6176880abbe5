package io.exp.client.config;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * Invokes an annotated method with a received message: the payload converted with Jackson
 * to the declared parameter type (generics included), the raw {@link ExpMessage} where
 * asked for; and turns a responder's return value ({@code Optional},
 * {@code CompletionStage}, {@code Mono} or any {@code Publisher}, or a plain value) into
 * the response.
 */
final class ExpHandlerMethod {

	private final InvocableHandlerMethod method;

	ExpHandlerMethod(ExpEndpoint endpoint, JsonMapper json) {
		DefaultMessageHandlerMethodFactory factory = new DefaultMessageHandlerMethodFactory();
		factory.setArgumentResolvers(List.of(new RawMessageResolver(), new PayloadResolver(json)));
		factory.afterPropertiesSet();
		this.method = factory.createInvocableHandlerMethod(endpoint.bean(), endpoint.method());
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
	 * Turns an {@code Optional} into its value and any {@code Publisher} into a
	 * {@code CompletableFuture}, without waiting for it: the event bus answers when it
	 * completes, within its handler timeout, and no handler thread is held meanwhile.
	 */
	private static @Nullable Object unwrap(@Nullable Object result) {
		if (result instanceof Optional<?> optional) {
			return optional.orElse(null);
		}
		if (result instanceof Publisher<?> publisher) {
			return Mono.<@Nullable Object>from(publisher).toFuture();
		}
		return result;
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
