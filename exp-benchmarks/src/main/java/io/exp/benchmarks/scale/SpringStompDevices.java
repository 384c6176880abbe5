package io.exp.benchmarks.scale;

import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

import io.exp.benchmarks.PlainStomp;

import org.springframework.messaging.simp.stomp.StompSession;

/**
 * Devices as full STOMP clients: Spring's {@code WebSocketStompClient} on Tomcat's
 * WebSocket client, each broadcast decoded into a map by Jackson, as an application would
 * receive it. Costs about as much CPU per delivery as the node spends on it (see
 * docs/benchmarks.md); {@link LightStompDevices} is the cheap one.
 */
final class SpringStompDevices implements DeviceSimulator {

	private final PlainStomp client = new PlainStomp();

	@Override
	public CompletableFuture<?> connect(String url, String token, String destination, IntConsumer broadcasts) {
		try {
			StompSession session = this.client.connect(url, token);
			PlainStomp.subscribe(session, destination,
					(envelope) -> broadcasts.accept(((Number) envelope.get("payload")).intValue()));
			// Spring's client gives no receipt by default: the harness's pause covers the
			// subscription
			return CompletableFuture.completedFuture(null);
		}
		catch (Exception ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public void close() {
		this.client.close();
	}

}
