package io.exp.sample;

import java.util.Map;

import io.exp.boot.autoconfigure.ExpConnectionDetails;
import io.exp.client.api.ReactiveExpApiClient;
import io.exp.client.auth.ExpCredentials;
import io.exp.client.bus.ExpEventBus;
import io.exp.client.bus.ExpTarget;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The second identity of the sample: a device with its own event bus that answers
 * {@code sendMeMoney} on its experience channel, as the device of the EXP Python SDK's
 * example would.
 */
@Component
class SampleDevice implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SampleDevice.class);

	private final ExpEventBus bus;

	private volatile boolean running;

	SampleDevice(ExpConnectionDetails connection, @Value("${sample.device.uuid}") String uuid,
			@Value("${sample.device.secret}") String secret) {
		this.bus = ReactiveExpApiClient.builder()
			.baseUrl(connection.getBaseUrl())
			.credentials(ExpCredentials.device(uuid, secret, false))
			.build()
			.eventBus()
			.build();
	}

	@Override
	public void start() {
		this.bus.start();
		this.bus.experience().respond("sendMeMoney", Map.class, (request) -> {
			logger.info("[device] was asked for money: " + request);
			return Map.of("sent", request.get("amount"), "currency", "EUR");
		});
		this.running = true;
	}

	/**
	 * Asks the application a question from the device, to show {@code @ExpRespond} in the
	 * application.
	 * @param applicationUuid the application's identity uuid
	 * @return the application's answer
	 */
	Object askApplication(String applicationUuid) {
		return this.bus.organization().request("whoAreYou", ExpTarget.uuid(applicationUuid), Map.of("from", "device"));
	}

	@Override
	public void stop() {
		this.bus.stop();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return ExpEventBus.PHASE + 10;
	}

}
