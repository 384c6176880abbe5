package io.exp.client.api;

import java.net.URI;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.exp.client.ExpApiException;
import io.exp.client.ExpConnectionException;
import io.exp.client.ExpNodes;
import io.exp.client.ExpTimeoutException;
import io.exp.client.auth.ExpAuth;
import io.exp.client.auth.ExpAuthSource;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * One authenticated API call: bearer token from the {@link ExpAuthSource}, one re-login
 * and retry on 401, a timeout per attempt, retries with backoff for idempotent calls on
 * transient failures, and errors mapped to {@link ExpApiException},
 * {@link ExpTimeoutException} and {@link ExpConnectionException}.
 */
final class ExpHttp {

	/**
	 * Reads EXP's error bodies, whose fields do not depend on the application's mapper.
	 */
	private static final JsonMapper wire = JsonMapper.builder().build();

	private final WebClient webClient;

	private final ExpAuthSource authSource;

	private final ExpNodes.Cursor nodes;

	private final ExpApiSettings settings;

	private final JsonMapper json;

	ExpHttp(WebClient webClient, ExpAuthSource authSource, ExpNodes.Cursor nodes, ExpApiSettings settings,
			JsonMapper json) {
		this.webClient = webClient;
		this.authSource = authSource;
		this.nodes = nodes;
		this.settings = settings;
		this.json = json;
	}

	<T> Mono<T> call(HttpMethod method, String path, Map<String, ?> query, @Nullable Object body,
			ParameterizedTypeReference<T> type) {
		Mono<T> attempt = Mono.defer(() -> {
			URI node = this.nodes.current();
			URI uri = ExpUris.of(node, path, query);
			return this.authSource.auth()
				.flatMap((auth) -> send(method, uri, body, type, auth).onErrorResume(Unauthorized.class,
						(ex) -> this.authSource.reauthenticate(auth)
							.flatMap((fresh) -> send(method, uri, body, type, fresh))))
				.onErrorMap(Unauthorized.class,
						(ex) -> new ExpApiException(method.name(), path, 401, "auth.invalidToken",
								"EXP rejected the token again after a fresh login", Map.of()))
				.timeout(this.settings.timeout())
				.onErrorMap(TimeoutException.class,
						(ex) -> new ExpTimeoutException(
								method + " " + path + " got no answer within " + this.settings.timeout()))
				.doOnError((ex) -> ex instanceof WebClientRequestException || ex instanceof ExpConnectionException,
						(ex) -> this.nodes.failed(node))
				.onErrorMap(WebClientRequestException.class,
						(ex) -> new ExpConnectionException("Cannot reach EXP at " + node.getHost() + ":" + port(node)
								+ " (" + method + " " + path + "): " + rootMessage(ex), ex));
		});
		if (isIdempotent(method) && this.settings.maxRetries() > 0) {
			attempt = attempt.retryWhen(Retry.backoff(this.settings.maxRetries(), this.settings.retryBackoff())
				.filter(ExpHttp::isTransient)
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()));
		}
		return attempt;
	}

	private <T> Mono<T> send(HttpMethod method, URI uri, @Nullable Object body, ParameterizedTypeReference<T> type,
			ExpAuth auth) {
		WebClient.RequestBodySpec request = this.webClient.method(method)
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + auth.token());
		WebClient.RequestHeadersSpec<?> spec = (body != null) ? request.bodyValue(toJson(body)) : request;
		return spec.exchangeToMono((response) -> response.statusCode().isError() ? error(method, uri, response)
				: response.bodyToMono(type));
	}

	/**
	 * Writes a body with the application's mapper, whatever mapper the WebClient's codecs
	 * have; text and bytes go as they are, as before.
	 */
	private Object toJson(Object body) {
		return (body instanceof CharSequence || body instanceof byte[]) ? body : this.json.valueToTree(body);
	}

	private <T> Mono<T> error(HttpMethod method, URI uri, ClientResponse response) {
		int status = response.statusCode().value();
		if (status == 401) {
			return response.releaseBody().then(Mono.error(new Unauthorized()));
		}
		return response.bodyToMono(String.class).defaultIfEmpty("").flatMap((text) -> {
			Map<String, Object> payload = parse(text);
			return Mono.error(new ExpApiException(method.name(), uri.getPath(), status,
					(payload.get("code") instanceof String code) ? code : null,
					(payload.get("message") instanceof String message) ? message : null, payload));
		});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> parse(String text) {
		try {
			Object value = wire.readValue(text, Object.class);
			return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Collections.emptyMap();
		}
		catch (JacksonException ex) {
			return Collections.emptyMap();
		}
	}

	private static int port(URI node) {
		int port = node.getPort();
		return (port != -1) ? port : ("https".equals(node.getScheme()) ? 443 : 80);
	}

	private static boolean isIdempotent(HttpMethod method) {
		return method == HttpMethod.GET || method == HttpMethod.PUT || method == HttpMethod.DELETE;
	}

	private static boolean isTransient(Throwable ex) {
		if (ex instanceof ExpApiException api) {
			return api.getStatus() == 502 || api.getStatus() == 503 || api.getStatus() == 504;
		}
		return ex instanceof ExpConnectionException;
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}

	/**
	 * A 401 answer, retried once with a fresh login before it becomes an
	 * {@link ExpApiException}.
	 */
	private static final class Unauthorized extends ExpApiException {

		Unauthorized() {
			super("call", "", 401, "auth.invalidToken", "The token was rejected", Map.of());
		}

	}

}
