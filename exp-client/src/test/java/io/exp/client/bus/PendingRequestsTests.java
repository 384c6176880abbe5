package io.exp.client.bus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.exp.client.ExpRequestException;
import io.exp.server.fixture.DefaultFixture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Only the target of a request answers it: the correlation of responses to requests, with
 * the frames built here as the server would deliver them.
 */
class PendingRequestsTests {

	private static final String TARGET = DefaultFixture.DEVICE_1;

	private final PendingRequests requests = new PendingRequests();

	@Test
	void aResponseFromAnotherIdentityIsIgnoredAndTheRequestKeepsWaitingForItsTarget() {
		CompletableFuture<ExpMessage> answer = this.requests.add("r1", TARGET);
		this.requests.answer(response("r1", "d1000000-0000-4000-8000-000000000002", "spoofed"),
				PendingRequestsTests::message);
		assertThat(answer).isNotDone();
		this.requests.answer(response("r1", TARGET, "genuine"), PendingRequestsTests::message);
		assertThat(answer).isCompleted();
		assertThat(answer.join().getPayload()).isEqualTo("genuine");
	}

	@Test
	void aResponseWithoutSenderIsTheServersOwnAnswerForAnOfflineTarget() {
		CompletableFuture<ExpMessage> answer = this.requests.add("r1", TARGET);
		Map<String, Object> offline = new LinkedHashMap<>();
		offline.put("type", "response");
		offline.put("id", "r1");
		offline.put("error", Map.of("code", "target.offline", "message", "No connection"));
		this.requests.answer(offline, PendingRequestsTests::message);
		assertThatThrownBy(answer::join).hasCauseInstanceOf(ExpRequestException.class);
	}

	private static Map<String, Object> response(String id, String sender, Object payload) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("type", "response");
		envelope.put("id", id);
		envelope.put("payload", payload);
		envelope.put("sender", Map.of("uuid", sender, "type", "device"));
		return envelope;
	}

	private static ExpMessage message(Map<String, Object> envelope) {
		return new ExpMessage(envelope, (payload) -> {
		});
	}

}
