package io.exp.server.bus;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.messaging.simp.stomp.StompHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LogBatch}.
 */
class LogBatchTests {

	private final LogBatch batch = new LogBatch();

	@Test
	void oneBroadcastIsSentAsItIs() {
		StompHeaders headers = broadcast("/topic/a", "1");
		byte[] payload = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
		this.batch.add(headers, payload);
		LogBatch.Entry message = this.batch.take("/topic/shared");
		assertThat(message.headers()).isSameAs(headers);
		assertThat(message.payload()).isSameAs(payload);
		assertThat(this.batch.isEmpty()).isTrue();
	}

	@Test
	void severalBroadcastsAreReadBackInTheirOrderWithTheirHeadersAndPayloads() {
		// header values a STOMP frame escapes, and a body with a NUL byte
		this.batch.add(broadcast("/topic/a:b\nc", "1"), new byte[] { 'x', 0, 'y' });
		this.batch.add(broadcast("/topic/d", "2"), new byte[0]);
		this.batch.add(broadcast("/topic/e", "3"), "{\"n\":3}".getBytes(StandardCharsets.UTF_8));
		LogBatch.Entry message = this.batch.take("/topic/shared");
		assertThat(message.headers().getDestination()).isEqualTo("/topic/shared");
		assertThat(message.headers().getFirst(LogBatch.HEADER)).isEqualTo("3");
		List<LogBatch.Entry> read = LogBatch.read(message.headers(), message.payload());
		assertThat(read).extracting((entry) -> entry.headers().getFirst(BroadcastLog.CHANNEL_DESTINATION))
			.containsExactly("/topic/a:b\nc", "/topic/d", "/topic/e");
		assertThat(read).extracting((entry) -> entry.headers().getFirst(SequencedBroadcasts.NUMBER))
			.containsExactly("1", "2", "3");
		assertThat(read).extracting((entry) -> new String(entry.payload(), StandardCharsets.ISO_8859_1))
			.containsExactly("x\0y", "", "{\"n\":3}");
	}

	@Test
	void aBatchIsFullAtItsMostBroadcastsOrBytes() {
		for (int i = 1; i < LogBatch.MAX_ENTRIES; i++) {
			this.batch.add(broadcast("/topic/a", Integer.toString(i)), new byte[0]);
		}
		assertThat(this.batch.isFull()).isFalse();
		this.batch.add(broadcast("/topic/a", "last"), new byte[0]);
		assertThat(this.batch.isFull()).isTrue();
		this.batch.take("/topic/shared");
		this.batch.add(broadcast("/topic/a", "1"), new byte[LogBatch.MAX_BYTES]);
		assertThat(this.batch.isFull()).isTrue();
	}

	private static StompHeaders broadcast(String channelDestination, String number) {
		StompHeaders headers = new StompHeaders();
		headers.set(BroadcastLog.CHANNEL_DESTINATION, channelDestination);
		headers.set(SequencedBroadcasts.NUMBER, number);
		return headers;
	}

}
