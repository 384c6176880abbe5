package io.exp.boot.test.quickstart;

import java.util.Map;

import io.exp.client.annotation.ExpListen;
import io.exp.client.annotation.ExpRespond;
import io.exp.client.event.ExpConnectionEvent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
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

}
// quick-start:end
