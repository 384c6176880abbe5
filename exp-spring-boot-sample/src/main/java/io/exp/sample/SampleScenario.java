package io.exp.sample;

import java.util.Map;

import io.exp.client.api.ExpApiClient;
import io.exp.client.api.ExpContent;
import io.exp.client.api.ExpData;
import io.exp.client.api.ExpDevice;
import io.exp.client.auth.ExpAuth;
import io.exp.client.bus.ExpEventBus;
import io.exp.client.bus.ExpTarget;
import io.exp.server.fixture.DefaultFixture;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The EXP Python SDK's example, step by step, printed as it goes.
 */
@Component
class SampleScenario implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(SampleScenario.class);

	private final ExpApiClient api;

	private final ExpEventBus eventBus;

	private final SampleDevice device;

	SampleScenario(ExpApiClient api, ExpEventBus eventBus, SampleDevice device) {
		this.api = api;
		this.eventBus = eventBus;
		this.device = device;
	}

	@Override
	public void run(ApplicationArguments args) {
		ExpAuth auth = this.api.getAuth();
		step(1, "logged in as " + auth.identity().username() + " in organization " + auth.identity().organization());

		var devices = this.api.findDevices();
		step(2, "found " + devices.getTotal() + " devices: " + devices.stream().map(ExpDevice::getName).toList());

		ExpDevice first = devices.get(0);
		first.setName("My Device");
		first.save();
		step(3, "renamed device " + first.getUuid() + " to '"
				+ this.api.getDevice(first.getUuid()).orElseThrow().getName() + "'");

		this.eventBus.organization().broadcast("I changed a device!", Map.of("uuid", first.getUuid()));
		step(4, "broadcast 'I changed a device!' on the organization channel");

		Object response = this.eventBus.experience()
			.request("sendMeMoney", ExpTarget.device(first.getUuid()), Map.of("amount", 5));
		step(5, "asked the device for money, it answered " + response);

		step(6, "the device asked us whoAreYou and got " + this.device.askApplication(auth.identity().uuid()));

		ExpData data = this.api.getData("key1", "group0").orElseThrow();
		step(7, "data group0/key1 is " + data.getValue());
		data.setValue(Map.of("generic", 1111));
		data.save();
		ExpData cat = this.api.createData("4", "cats", Map.of("name", "fluffy"));
		step(8, "saved group0/key1 = " + this.api.getData("key1", "group0").orElseThrow().getValue()
				+ " and created cats/4 = " + cat.getValue());

		ExpContent root = this.api.getContent(DefaultFixture.CONTENT_ROOT).orElseThrow();
		step(9, "content tree under '" + root.getName() + "':");
		for (ExpContent child : root.getChildren()) {
			logger.info("    " + child.getName() + " (" + child.getSubtype() + ") -> " + redacted(child.getUrl())
					+ (child.hasVariant("thumb") ? "  thumb -> " + redacted(child.getVariantUrl("thumb")) : ""));
		}
		step(10, "done; stopping");
	}

	/**
	 * Hides the restricted token of a delivery URL: tokens never go to logs.
	 */
	private static String redacted(@Nullable String url) {
		return String.valueOf(url).replaceAll("_rt=[^&]+", "_rt=<restricted token>");
	}

	private static void step(int number, String what) {
		logger.info("[step " + number + "] " + what);
	}

}
