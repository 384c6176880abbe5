package io.exp.boot.test.quickstart;

import java.util.Map;

import io.exp.client.annotation.ExpListen;
import io.exp.client.annotation.ExpRespond;
import io.exp.client.api.ExpApiClient;
import io.exp.client.api.ExpDevice;
import io.exp.client.bus.ExpEventBus;
import io.exp.client.bus.ExpTarget;
import io.exp.client.event.ExpConnectionEvent;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

// quick-start:begin
@SpringBootApplication
public class QuickStartApplication {

	public static void main(String[] args) {
		SpringApplication.run(QuickStartApplication.class, args);
	}

	@ExpListen(channel = "organization", name = "Hi!")
	void hi(Map<String, Object> payload) {
		System.out.println("Hi! " + payload);
	}

	@ExpRespond(channel = "organization", name = "getSomething")
	String getSomething(Map<String, Object> payload) {
		return "Something for " + payload.get("info");
	}

	@EventListener
	void connection(ExpConnectionEvent event) {
		System.out.println(event.isOnline() ? "Online!" : "Offline!");
	}

	@Bean
	ApplicationRunner sendMeMoney(ExpApiClient api, ExpEventBus exp) {
		return (args) -> {
			ExpDevice device = api.findDevices().get(0);
			Object response = exp.experience()
				.request("sendMeMoney", ExpTarget.device(device.getUuid()), Map.of("amount", 5));
			System.out.println("The device answered " + response);
		};
	}

}
// quick-start:end
