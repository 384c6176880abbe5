package io.exp.benchmarks.scale;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompDecoder;
import org.springframework.messaging.simp.stomp.StompEncoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.util.MimeTypeUtils;

/**
 * The little of STOMP 1.2 that the raw fan-out baselines ({@link RawTomcatFanOut},
 * {@link RawNettyFanOut}) speak, enough for {@link NodeCapacityHarness}'s devices and
 * sender, with Spring's STOMP codec: {@code CONNECTED} to a {@code CONNECT}, a
 * {@code RECEIPT} to any frame that asks for one, and for a {@code SEND} one
 * {@code MESSAGE} frame, the same bytes for every session (every simulated device
 * subscribes with the id {@code 0}), with the {@code SEND}'s body. No authentication, no
 * destinations: what is left is the cost of writing one frame to every connection.
 */
final class RawStompExchange {

	private final StompDecoder decoder = new StompDecoder();

	private final StompEncoder encoder = new StompEncoder();

	private final AtomicLong messageIds = new AtomicLong();

	/**
	 * Handles what a client sent in one WebSocket message: frames or heartbeats.
	 * @param text the message
	 * @param reply takes a frame for this client
	 * @param broadcast takes a {@code MESSAGE} frame, in UTF-8, for every client
	 */
	void received(String text, Consumer<String> reply, Consumer<byte[]> broadcast) {
		for (Message<byte[]> frame : this.decoder.decode(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)))) {
			StompHeaderAccessor in = StompHeaderAccessor.wrap(frame);
			StompCommand command = in.getCommand();
			if (command == StompCommand.CONNECT || command == StompCommand.STOMP) {
				StompHeaderAccessor connected = StompHeaderAccessor.create(StompCommand.CONNECTED);
				connected.setVersion("1.2");
				// what the node answers: heartbeats of 10 s both ways
				connected.setHeartbeat(10_000, 10_000);
				reply.accept(encode(connected, new byte[0]));
			}
			else if (command == StompCommand.SEND) {
				StompHeaderAccessor message = StompHeaderAccessor.create(StompCommand.MESSAGE);
				message.setDestination(in.getDestination());
				message.setSubscriptionId("0");
				message.setMessageId(Long.toString(this.messageIds.incrementAndGet()));
				message.setContentType(MimeTypeUtils.APPLICATION_JSON);
				broadcast.accept(this.encoder.encode(message.getMessageHeaders(), frame.getPayload()));
			}
			if (in.getReceipt() != null) {
				StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
				receipt.setReceiptId(in.getReceipt());
				reply.accept(encode(receipt, new byte[0]));
			}
		}
	}

	private String encode(StompHeaderAccessor headers, byte[] payload) {
		return new String(this.encoder.encode(headers.getMessageHeaders(), payload), StandardCharsets.UTF_8);
	}

}
