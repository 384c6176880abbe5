package io.exp.server.bus;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompDecoder;
import org.springframework.messaging.simp.stomp.StompEncoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * Broadcasts of the log the nodes share sent to the broker together, in one message, when
 * they come faster than they are sent: a node's appends to the RabbitMQ stream
 * ({@link BroadcastStream}) or to the sequencer's input ({@link SequencedBroadcasts}),
 * and the sequencer's numbered broadcasts on its topic ({@link BroadcastSequencer}). The
 * message carries the {@value #HEADER} header (how many) and, as its body, each broadcast
 * as a STOMP frame of its own, its headers and payload as they would be alone, one after
 * the other, written and read with spring-messaging's STOMP codec. One broadcast alone is
 * sent as it is. Not thread-safe; {@link #read} is.
 */
final class LogBatch {

	/** The header of a message that holds several broadcasts: how many. */
	static final String HEADER = "exp-batch";

	/** The most broadcasts in one message. */
	static final int MAX_ENTRIES = 100;

	/**
	 * The most bytes of payload in one message, below ActiveMQ Artemis's threshold for
	 * large messages (100 KiB by default), which it stores and hands out apart.
	 */
	static final int MAX_BYTES = 64 * 1024;

	private static final StompEncoder encoder = new StompEncoder();

	private List<Entry> entries = new ArrayList<>();

	private int bytes;

	/**
	 * Adds a broadcast.
	 * @param headers its headers, as it would be sent alone
	 * @param payload its payload
	 */
	void add(StompHeaders headers, byte[] payload) {
		this.entries.add(new Entry(headers, payload));
		this.bytes += payload.length;
	}

	boolean isEmpty() {
		return this.entries.isEmpty();
	}

	boolean isFull() {
		return this.entries.size() >= MAX_ENTRIES || this.bytes >= MAX_BYTES;
	}

	/**
	 * Returns the message that holds what was added, and starts again.
	 * @param destination the message's destination
	 * @return the broadcast added, when there is one; else a message that holds them
	 */
	Entry take(String destination) {
		List<Entry> taken = this.entries;
		this.entries = new ArrayList<>();
		this.bytes = 0;
		if (taken.size() == 1) {
			return taken.get(0);
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (Entry entry : taken) {
			StompHeaderAccessor accessor = StompHeaderAccessor.create(StompCommand.MESSAGE);
			entry.headers().forEach((name, values) -> values.forEach((value) -> accessor.addNativeHeader(name, value)));
			body.writeBytes(
					encoder.encode(MessageBuilder.createMessage(entry.payload(), accessor.getMessageHeaders())));
		}
		StompHeaders headers = new StompHeaders();
		headers.setDestination(destination);
		headers.set(HEADER, Integer.toString(taken.size()));
		return new Entry(headers, body.toByteArray());
	}

	/**
	 * Returns the broadcasts of a message, in their order: those it holds, or the message
	 * itself when it holds one.
	 * @param headers the message's headers
	 * @param payload its body
	 * @return the broadcasts
	 */
	static List<Entry> read(StompHeaders headers, byte[] payload) {
		if (!headers.containsKey(HEADER)) {
			return List.of(new Entry(headers, payload));
		}
		List<Entry> entries = new ArrayList<>();
		for (Message<byte[]> frame : new StompDecoder().decode(ByteBuffer.wrap(payload))) {
			StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(frame, StompHeaderAccessor.class);
			StompHeaders entry = new StompHeaders();
			if (accessor != null) {
				entry.putAll(accessor.toNativeHeaderMap());
			}
			entries.add(new Entry(entry, frame.getPayload()));
		}
		return entries;
	}

	/**
	 * A broadcast, or a message that holds several.
	 *
	 * @param headers its headers
	 * @param payload its body
	 */
	record Entry(StompHeaders headers, byte[] payload) {
	}

}
