package io.exp.client.auth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.exp.client.ExpAuthenticationException;
import io.exp.client.ExpConnectionException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Logs in with {@link ExpCredentials}, keeps the current {@link ExpAuth}, refreshes it at
 * three quarters of its lifetime and logs in again when the server rejects it. Every
 * caller waits for the one login or refresh in flight; while the token is fresh,
 * {@link #auth()} does no work at all.
 *
 * @since 0.1.0
 */
public final class ExpAuthenticator implements ExpAuthSource {

	private static final Log logger = LogFactory.getLog(ExpAuthenticator.class);

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final WebClient webClient;

	private final Supplier<URI> node;

	private final ExpCredentials credentials;

	private final Clock clock;

	private final Duration timeout;

	private final AtomicReference<@Nullable Held> current = new AtomicReference<>();

	private final AtomicReference<@Nullable Mono<ExpAuth>> inFlight = new AtomicReference<>();

	private final List<Consumer<ExpAuth>> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates an authenticator.
	 * @param webClient the client for the auth calls
	 * @param node supplies the base URI of the EXP node to log in at
	 * @param credentials the credentials to log in with
	 * @param timeout the timeout of a login or refresh call
	 * @param clock the clock that decides when to refresh
	 */
	public ExpAuthenticator(WebClient webClient, Supplier<URI> node, ExpCredentials credentials, Duration timeout,
			Clock clock) {
		this.webClient = webClient;
		this.node = node;
		this.credentials = credentials;
		this.timeout = timeout;
		this.clock = clock;
	}

	@Override
	public Mono<ExpAuth> auth() {
		Held held = this.current.get();
		if (held != null && held.isFresh(this.clock.instant())) {
			return Mono.just(held.auth());
		}
		return Mono.defer(() -> renew(null));
	}

	@Override
	public Mono<ExpAuth> reauthenticate(ExpAuth rejected) {
		return Mono.defer(() -> renew(rejected));
	}

	@Override
	public @Nullable ExpAuth getAuth() {
		Held held = this.current.get();
		return (held != null) ? held.auth() : null;
	}

	@Override
	public Disposable onAuthChange(Consumer<ExpAuth> listener) {
		this.listeners.add(listener);
		return () -> this.listeners.remove(listener);
	}

	/**
	 * Returns the credentials' kind and public identifier, for messages.
	 * @return for example {@code user joe@example.com}
	 */
	String describeCredentials() {
		return this.credentials.toString();
	}

	private Mono<ExpAuth> renew(@Nullable ExpAuth rejected) {
		while (true) {
			Held held = this.current.get();
			Instant now = this.clock.instant();
			if (held != null && held.auth() != rejected && (rejected != null || held.isFresh(now))) {
				return Mono.just(held.auth());
			}
			Mono<ExpAuth> existing = this.inFlight.get();
			if (existing != null) {
				return existing;
			}
			boolean canRefresh = held != null && rejected == null && held.auth().expiration().isAfter(now);
			Mono<ExpAuth> call = (canRefresh ? refresh(held.auth()) : login()).doOnNext(this::publish)
				.doFinally((signal) -> this.inFlight.set(null))
				.cache();
			if (this.inFlight.compareAndSet(null, call)) {
				return call;
			}
		}
	}

	private Mono<ExpAuth> login() {
		Map<String, Object> body = LoginTokens.loginBody(this.credentials, this.clock);
		return Mono.defer(() -> this.webClient.post()
			.uri(this.node.get().resolve("/api/auth/login"))
			.bodyValue(body)
			.retrieve()
			.bodyToMono(JSON_OBJECT)
			.timeout(this.timeout)
			.map(AuthPayloads::read)
			.onErrorMap(WebClientResponseException.class, this::loginFailure)
			.onErrorMap(WebClientRequestException.class, this::unreachable));
	}

	private Mono<ExpAuth> refresh(ExpAuth auth) {
		return Mono.defer(() -> this.webClient.post()
			.uri(this.node.get().resolve("/api/auth/token"))
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + auth.token())
			.retrieve()
			.bodyToMono(JSON_OBJECT)
			.timeout(this.timeout)
			.map(AuthPayloads::read)
			.onErrorResume(WebClientResponseException.Unauthorized.class, (ex) -> login())
			.onErrorMap(WebClientRequestException.class, this::unreachable));
	}

	private Throwable loginFailure(WebClientResponseException ex) {
		if (ex.getStatusCode().value() == HttpStatus.UNAUTHORIZED.value()) {
			return new ExpAuthenticationException("EXP refused the " + this.credentials.kind() + " credentials ("
					+ this.credentials + "): " + AuthPayloads.message(ex));
		}
		return new ExpAuthenticationException("Login of " + this.credentials + " failed with status "
				+ ex.getStatusCode().value() + ": " + AuthPayloads.message(ex));
	}

	private Throwable unreachable(WebClientRequestException ex) {
		URI node = this.node.get();
		int port = (node.getPort() != -1) ? node.getPort() : ("https".equals(node.getScheme()) ? 443 : 80);
		return new ExpConnectionException("Cannot reach EXP at " + node.getHost() + ":" + port + " to log in: "
				+ ex.getMostSpecificCause().getMessage(), ex);
	}

	private void publish(ExpAuth auth) {
		this.current.set(new Held(auth, this.clock.instant()));
		logger.debug("Authenticated as " + auth.identity() + " until " + auth.expiration());
		for (Consumer<ExpAuth> listener : this.listeners) {
			try {
				listener.accept(auth);
			}
			catch (RuntimeException ex) {
				logger.warn("An auth change listener failed", ex);
			}
		}
	}

	/**
	 * An auth payload and when it was received: it is refreshed at three quarters of its
	 * lifetime.
	 */
	private record Held(ExpAuth auth, Instant received) {

		boolean isFresh(Instant now) {
			Duration lifetime = Duration.between(this.received, this.auth.expiration());
			return now.isBefore(this.received.plus(lifetime.multipliedBy(3).dividedBy(4)));
		}

	}

}
