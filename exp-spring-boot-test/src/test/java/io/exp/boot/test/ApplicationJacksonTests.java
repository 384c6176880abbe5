package io.exp.boot.test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.exp.client.annotation.ExpListen;
import io.exp.client.api.ExpApiClient;
import io.exp.client.api.ExpThing;
import io.exp.client.bus.ExpEventBus;
import io.exp.client.bus.ExpMessage;
import io.exp.client.bus.ExpTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's Jackson configuration (a naming strategy and a module, through a
 * {@link JsonMapperBuilderCustomizer}) reaches payloads and documents, and never the
 * envelope's fields: a device with a plain mapper plays the other side and sees the raw
 * JSON.
 */
@SpringBootTest(properties = "spring.main.web-application-type=none")
@EmbeddedExpServer
class ApplicationJacksonTests {

	private static final List<String> ENVELOPE_FIELDS = List.of("type", "id", "channel", "name", "payload", "target",
			"sender");

	@Autowired
	private Readings readings;

	@Autowired
	private ExpTestServer server;

	@Autowired
	private ExpEventBus appBus;

	@Autowired
	private ExpApiClient api;

	private ExpEventBus device;

	@BeforeEach
	void connectDevice() {
		this.device = TestDevices.device1(this.server);
		this.device.start();
	}

	@AfterEach
	void disconnectDevice() {
		this.device.stop();
	}

	/**
	 * A value only the application's module knows how to write and read:
	 * {@code "21.5 C"}.
	 */
	record Temperature(double celsius) {
	}

	record Reading(String sensorName, Temperature lastTemperature) {
	}

	@Test
	void anAnnotatedListenerGetsItsPayloadThroughTheApplicationsMapper() throws Exception {
		this.device.organization().broadcast("reading", Map.of("sensor_name", "hall", "last_temperature", "21.5 C"));
		assertThat(this.readings.received.poll(10, TimeUnit.SECONDS))
			.isEqualTo(new Reading("hall", new Temperature(21.5)));
	}

	@Test
	void aTypedRequestAndItsResponseUseTheApplicationsMapperAndTheEnvelopeKeepsItsFieldNames() {
		BlockingQueue<ExpMessage> seen = new LinkedBlockingQueue<>();
		this.device.organization().respond("calibrate", (request) -> {
			seen.add(request);
			return Map.of("sensor_name", "calibrated", "last_temperature", "20.0 C");
		});
		ExpTarget device = ExpTarget.uuid(ExpFixture.DEVICE_1);
		Reading answer = this.appBus.organization()
			.request("calibrate", device, new Reading("hall", new Temperature(21.5)), Reading.class);
		assertThat(answer).isEqualTo(new Reading("calibrated", new Temperature(20.0)));
		ExpMessage request = seen.poll();
		assertThat(request).isNotNull();
		assertThat(request.getPayload()).isEqualTo(Map.of("sensor_name", "hall", "last_temperature", "21.5 C"));
		assertThat(request.getEnvelope()).containsKeys("type", "id", "channel", "name", "payload", "sender");
		assertThat(ENVELOPE_FIELDS).containsAll(request.getEnvelope().keySet());
		assertThat(request.getEnvelope().get("target")).isEqualTo(Map.of("uuid", ExpFixture.DEVICE_1));
	}

	@Test
	void aBroadcastFromTheApplicationKeepsTheEnvelopesFieldNames() throws Exception {
		BlockingQueue<ExpMessage> seen = new LinkedBlockingQueue<>();
		this.device.organization().listen("reading-out", seen::add);
		this.appBus.organization().broadcast("reading-out", new Reading("porch", new Temperature(-3.0)));
		ExpMessage broadcast = seen.poll(10, TimeUnit.SECONDS);
		assertThat(broadcast).isNotNull();
		assertThat(broadcast.getPayload()).isEqualTo(Map.of("sensor_name", "porch", "last_temperature", "-3.0 C"));
		assertThat(broadcast.getType()).isEqualTo("broadcast");
		assertThat(ENVELOPE_FIELDS).containsAll(broadcast.getEnvelope().keySet());
	}

	@Test
	void restBodiesAndTypedDocumentsUseTheApplicationsMapper() {
		JsonNode created = this.api.post("/api/things",
				Map.of("name", "thermometer", "reading", new Reading("attic", new Temperature(30.0))));
		JsonNode reading = created.get("reading");
		assertThat(reading.get("sensor_name").asString()).isEqualTo("attic");
		assertThat(reading.get("last_temperature").asString()).isEqualTo("30.0 C");
		ExpThing thing = this.api.getThing(created.get("uuid").asString()).orElseThrow();
		assertThat(thing.getDocument(ThingView.class))
			.isEqualTo(new ThingView("thermometer", new Reading("attic", new Temperature(30.0))));
		this.api.deleteThing(thing.getUuid());
	}

	record ThingView(String name, Reading reading) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		JsonMapperBuilderCustomizer snakeCaseAndTemperatures() {
			SimpleModule temperatures = new SimpleModule("temperatures")
				.addSerializer(Temperature.class, new TemperatureSerializer())
				.addDeserializer(Temperature.class, new TemperatureDeserializer());
			return (builder) -> builder.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
				.addModule(temperatures);
		}

		@Bean
		Readings readings() {
			return new Readings();
		}

	}

	static class Readings {

		final BlockingQueue<Reading> received = new LinkedBlockingQueue<>();

		@ExpListen(channel = "organization", name = "reading")
		void reading(Reading reading) {
			this.received.add(reading);
		}

	}

	static final class TemperatureSerializer extends ValueSerializer<Temperature> {

		@Override
		public void serialize(Temperature value, JsonGenerator generator, SerializationContext context) {
			generator.writeString(value.celsius() + " C");
		}

	}

	static final class TemperatureDeserializer extends ValueDeserializer<Temperature> {

		@Override
		public Temperature deserialize(JsonParser parser, DeserializationContext context) {
			return new Temperature(Double.parseDouble(parser.getString().replace(" C", "")));
		}

	}

}
