package io.exp.client.api;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Waits for a reactive call on behalf of the blocking API, refusing to do so on a Reactor
 * non-blocking thread, where waiting would stall the event loop.
 */
final class Blocking {

	private Blocking() {
	}

	static <T> T await(Mono<T> call) {
		check();
		return call.block();
	}

	static void check() {
		if (Schedulers.isInNonBlockingThread()) {
			throw new IllegalStateException(
					"The blocking EXP API was called on the non-blocking thread " + Thread.currentThread().getName()
							+ "; use ReactiveExpApiClient (or the resource's *Async " + "methods) from reactive code");
		}
	}

}
