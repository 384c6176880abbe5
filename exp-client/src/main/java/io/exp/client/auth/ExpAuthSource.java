package io.exp.client.auth;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The source of valid EXP tokens, shared by the API client and the event bus.
 * <p>
 * Implementations log in once, refresh the token before it expires, and make every
 * concurrent caller wait for the one login or refresh in flight.
 *
 * @since 0.1.0
 */
public interface ExpAuthSource {

	/**
	 * Returns a valid auth payload, logging in or refreshing first when there is none or
	 * it is about to expire.
	 * @return the current auth payload; fails with an {@code ExpAuthenticationException}
	 * on bad credentials
	 */
	Mono<ExpAuth> auth();

	/**
	 * Reports that the server rejected the given auth payload and returns a new one. When
	 * the rejected payload has already been replaced, the replacement is returned without
	 * logging in again.
	 * @param rejected the payload the server rejected
	 * @return a new auth payload from a fresh login
	 */
	Mono<ExpAuth> reauthenticate(ExpAuth rejected);

	/**
	 * Returns the current auth payload without any network call.
	 * @return the current payload, or {@code null} before the first login
	 */
	@Nullable ExpAuth getAuth();

	/**
	 * Registers a callback for every new auth payload (login, refresh, re-login).
	 * @param listener called with each new payload
	 * @return a handle that unregisters the callback
	 */
	Disposable onAuthChange(Consumer<ExpAuth> listener);

}
