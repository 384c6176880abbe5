package io.exp.boot.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.exp.client.bus.ExpEventBusMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Event bus metrics in Micrometer: {@code exp.eventbus.messages} (tags {@code direction},
 * {@code type}), {@code exp.eventbus.requests} (a timer, tag {@code outcome}),
 * {@code exp.eventbus.reconnects} and the gauge {@code exp.eventbus.connected}.
 */
class MicrometerExpEventBusMetrics implements ExpEventBusMetrics {

	private final MeterRegistry registry;

	private final Map<String, Counter> messages = new ConcurrentHashMap<>();

	private final Map<String, Timer> requests = new ConcurrentHashMap<>();

	private final Counter reconnects;

	private final AtomicInteger connected = new AtomicInteger();

	MicrometerExpEventBusMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.reconnects = Counter.builder("exp.eventbus.reconnects")
			.description("Times the EXP event bus connected again after losing its connection")
			.register(registry);
		Gauge.builder("exp.eventbus.connected", this.connected, AtomicInteger::get)
			.description("Whether the EXP event bus is connected (1) or not (0)")
			.register(registry);
	}

	@Override
	public void messageSent(String type) {
		message("sent", type).increment();
	}

	@Override
	public void messageReceived(String type) {
		message("received", type).increment();
	}

	private Counter message(String direction, String type) {
		return this.messages.computeIfAbsent(direction + ':' + type,
				(key) -> Counter.builder("exp.eventbus.messages")
					.description("Messages sent and received on the EXP event bus")
					.tag("direction", direction)
					.tag("type", type)
					.register(this.registry));
	}

	@Override
	public void requestCompleted(Duration roundTrip, String outcome) {
		this.requests
			.computeIfAbsent(outcome,
					(key) -> Timer.builder("exp.eventbus.requests")
						.description("Round trips of EXP event bus requests")
						.tag("outcome", outcome)
						.register(this.registry))
			.record(roundTrip);
	}

	@Override
	public void reconnected() {
		this.reconnects.increment();
	}

	@Override
	public void connectionChanged(boolean online) {
		this.connected.set(online ? 1 : 0);
	}

}
