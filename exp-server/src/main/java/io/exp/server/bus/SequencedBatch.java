package io.exp.server.bus;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompDecoder;
import org.springframework.messaging.simp.stomp.StompEncoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * Numbered broadcasts the sequencer publishes together, in one message on the topic, when
 * inputs wait to be numbered ({@link BroadcastSequencer}): the message carries the
 * {@value #HEADER} header (how many) and, as its body, each broadcast as a STOMP frame of
 * its own, its headers and payload as they would be on the topic alone, one after the
 * other, written and read with spring-messaging's STOMP codec. One broadcast alone is
 * published as it is. Used on the sequencing thread; {@link #read} is safe anywhere.
 */
final class SequencedBatch {

	/** The header of a message on the topic that holds several broadcasts: how many. */
	static final String HEADER = "exp-batch";

	/** The most broadcasts in one message. */
	static final int MAX_ENTRIES = 100;

	/**
	 * The most bytes of one message's body, below ActiveMQ Artemis's threshold for large
	 * messages (100 KiB by default), which it stores and hands out apart.
	 */
	static final int MAX_BYTES = 64 * 1024;

	private static final StompEncoder encoder = new StompEncoder();

	private final ByteArrayOutputStream body = new ByteArrayOutputStream();

	private List<Entry> entries = new ArrayList<>();

	/**
	 * Adds a numbered broadcast.
	 * @param input the input it was numbered from
	 * @param headers its headers on the topic
	 * @param payload its payload
	 */
	void add(BrokerConnection.Delivery input, StompHeaders headers, byte[] payload) {
		this.entries.add(new Entry(input, headers, payload));
		StompHeaderAccessor accessor = StompHeaderAccessor.create(StompCommand.MESSAGE);
		headers.forEach((name, values) -> values.forEach((value) -> accessor.addNativeHeader(name, value)));
		this.body.writeBytes(encoder.encode(MessageBuilder.createMessage(payload, accessor.getMessageHeaders())));
	}

	boolean isEmpty() {
		return this.entries.isEmpty();
	}

	boolean isFull() {
		return this.entries.size() >= MAX_ENTRIES || this.body.size() >= MAX_BYTES;
	}

	/**
	 * Publishes what was added, as one message, on the session of the inputs (one and the
	 * same), with a receipt, and acknowledges every input once the broker confirmed it;
	 * then starts a new batch.
	 * @param topic the topic's destination
	 * @param receipt the receipt id, unique on the session
	 * @return whether it was handed to the session
	 */
	boolean publish(String topic, String receipt) {
		List<Entry> published = this.entries;
		this.entries = new ArrayList<>();
		byte[] body = this.body.toByteArray();
		this.body.reset();
		BrokerConnection.Delivery first = published.get(0).input();
		if (published.size() == 1) {
			return first.sendWithReceipt(published.get(0).headers(), published.get(0).payload(), receipt,
					first::acknowledge);
		}
		StompHeaders headers = new StompHeaders();
		headers.setDestination(topic);
		headers.set(HEADER, Integer.toString(published.size()));
		return first.sendWithReceipt(headers, body, receipt,
				() -> published.forEach((entry) -> entry.input().acknowledge()));
	}

	/**
	 * Reads the broadcasts of a message on the topic, in their order: those it holds, or
	 * the message itself when it holds one.
	 * @param headers the message's headers
	 * @param payload its body
	 * @param broadcasts what receives each broadcast's headers and payload
	 */
	static void read(StompHeaders headers, byte[] payload, BiConsumer<StompHeaders, byte[]> broadcasts) {
		if (!headers.containsKey(HEADER)) {
			broadcasts.accept(headers, payload);
			return;
		}
		for (Message<byte[]> frame : new StompDecoder().decode(ByteBuffer.wrap(payload))) {
			StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(frame, StompHeaderAccessor.class);
			StompHeaders entry = new StompHeaders();
			if (accessor != null) {
				entry.putAll(accessor.toNativeHeaderMap());
			}
			broadcasts.accept(entry, frame.getPayload());
		}
	}

	private record Entry(BrokerConnection.Delivery input, StompHeaders headers, byte[] payload) {
	}

}
