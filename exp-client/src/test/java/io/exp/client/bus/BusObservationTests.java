package io.exp.client.bus;

import java.util.UUID;

import io.exp.client.ExpRequestException;
import io.exp.server.ExpServer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Observations of requests over the embedded server: a user app asks a device, each bus
 * with its own registry, and a propagating handler (as a tracer's) writes a W3C
 * {@code traceparent} on the sending side and reads it on the answering side, so that the
 * answer is part of the request's trace.
 */
class BusObservationTests {

	private static final Traceparent requesterTrace = new Traceparent();

	private static final Traceparent responderTrace = new Traceparent();

	private static final TestObservationRegistry requester = registry(requesterTrace);

	private static final TestObservationRegistry responder = registry(responderTrace);

	private static ExpServer server;

	private static ExpEventBus app;

	private static ExpEventBus device;

	@BeforeAll
	static void start() {
		server = ExpServer.builder().start();
		app = Buses.api(server, Buses.JOE).eventBus().observationRegistry(requester).build();
		device = Buses.api(server, Buses.LOBBY_DISPLAY).eventBus().observationRegistry(responder).build();
		app.start();
		device.start();
	}

	@AfterAll
	static void stop() {
		app.stop();
		device.stop();
		server.close();
	}

	@BeforeEach
	void clear() {
		requester.clear();
		responder.clear();
		requesterTrace.sent = null;
		responderTrace.received = null;
	}

	@Test
	void aRequestAndItsAnswerAreObservedAsOneTrace() {
		ExpSubscription subscription = device.organization().respond("ping", (request) -> "pong");
		try {
			assertThat(app.organization().request("ping", ExpTarget.device(Buses.DEVICE_1), null)).isEqualTo("pong");
			await().untilAsserted(() -> TestObservationRegistryAssert.assertThat(responder)
				.hasObservationWithNameEqualTo("exp.bus.respond")
				.that()
				.hasBeenStopped()
				.hasContextualNameEqualTo("respond ping")
				.hasLowCardinalityKeyValue("exp.request.name", "ping")
				.hasLowCardinalityKeyValue("exp.outcome", "success")
				.hasHighCardinalityKeyValue("exp.channel", "organization"));
			TestObservationRegistryAssert.assertThat(requester)
				.hasObservationWithNameEqualTo("exp.bus.request")
				.that()
				.hasBeenStopped()
				.hasContextualNameEqualTo("request ping")
				.hasLowCardinalityKeyValue("exp.request.name", "ping")
				.hasLowCardinalityKeyValue("exp.outcome", "success")
				.hasHighCardinalityKeyValue("exp.channel", "organization");
			assertThat(requesterTrace.sent).startsWith("00-");
			assertThat(responderTrace.received).isEqualTo(requesterTrace.sent);
		}
		finally {
			subscription.cancel();
		}
	}

	@Test
	void aFailedAnswerIsAnErrorOnBothSides() {
		ExpSubscription subscription = device.organization().respond("fail", (request) -> {
			throw new IllegalStateException("out of order");
		});
		try {
			assertThatExceptionOfType(ExpRequestException.class)
				.isThrownBy(() -> app.organization().request("fail", ExpTarget.device(Buses.DEVICE_1), null));
			await().untilAsserted(() -> TestObservationRegistryAssert.assertThat(responder)
				.hasObservationWithNameEqualTo("exp.bus.respond")
				.that()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("exp.outcome", "error"));
			TestObservationRegistryAssert.assertThat(requester)
				.hasObservationWithNameEqualTo("exp.bus.request")
				.that()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("exp.outcome", "error")
				.assertThatError()
				.isInstanceOf(ExpRequestException.class);
		}
		finally {
			subscription.cancel();
		}
	}

	@Test
	void aRequestWithoutAResponderIsObservedAsMissing() {
		assertThatExceptionOfType(ExpRequestException.class)
			.isThrownBy(() -> app.organization().request("nobody", ExpTarget.device(Buses.DEVICE_1), null));
		await().untilAsserted(() -> TestObservationRegistryAssert.assertThat(responder)
			.hasObservationWithNameEqualTo("exp.bus.respond")
			.that()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("exp.outcome", "missing"));
	}

	private static TestObservationRegistry registry(Traceparent traceparent) {
		TestObservationRegistry registry = TestObservationRegistry.create();
		registry.observationConfig().observationHandler(traceparent);
		return registry;
	}

	/**
	 * Propagates as a tracer does: writes a {@code traceparent} into a sent request,
	 * reads it from a received one.
	 */
	static final class Traceparent implements ObservationHandler<Observation.Context> {

		volatile @Nullable String sent;

		volatile @Nullable String received;

		@Override
		@SuppressWarnings({ "unchecked", "rawtypes" })
		public void onStart(Observation.Context context) {
			if (context instanceof SenderContext sender) {
				String traceparent = "00-" + UUID.randomUUID().toString().replace("-", "") + "-00f067aa0ba902b7-01";
				sender.getSetter().set(sender.getCarrier(), "traceparent", traceparent);
				this.sent = traceparent;
			}
			else if (context instanceof ReceiverContext receiver) {
				this.received = receiver.getGetter().get(receiver.getCarrier(), "traceparent");
			}
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
