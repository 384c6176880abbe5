package io.exp.sample;

import java.util.Map;

import io.exp.client.annotation.ExpListen;
import io.exp.client.annotation.ExpRespond;
import io.exp.client.event.ExpDiscontinuityEvent;
import io.exp.client.event.ExpOfflineEvent;
import io.exp.client.event.ExpOnlineEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The application's annotated endpoints and its online/offline reactions, as the EXP
 * Python SDK's {@code listen}, {@code respond} and {@code runtime.on}, and what it does
 * when broadcasts were missed.
 */
@Component
class SampleEndpoints {

	private static final Log logger = LogFactory.getLog(SampleEndpoints.class);

	@ExpListen(channel = "organization", name = "I changed a device!")
	void deviceChanged(Map<String, Object> payload) {
		logger.info("[listen] someone changed a device: " + payload);
	}

	@ExpRespond(channel = "organization", name = "whoAreYou")
	Map<String, String> whoAreYou(Map<String, Object> payload) {
		logger.info("[respond] answering whoAreYou from " + payload.get("from"));
		return Map.of("name", "the EXP Spring Boot sample");
	}

	@EventListener
	void online(ExpOnlineEvent event) {
		logger.info("[runtime] Online!");
	}

	@EventListener
	void offline(ExpOfflineEvent event) {
		logger.info("[runtime] Offline!");
	}

	/**
	 * Broadcasts on a channel were missed for good while the bus was away (the server no
	 * longer held them all): state built from that channel's broadcasts would be loaded
	 * again here.
	 */
	@EventListener
	void missed(ExpDiscontinuityEvent event) {
		logger.info("[runtime] Missed broadcasts on " + event.getChannel().getName());
	}

}
