package io.exp.server.bus;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompEncoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;

/**
 * Encodes a broadcast's {@code MESSAGE} frame once per node instead of once per session.
 * The deliveries of one message are encoded one after the other on the thread that
 * publishes it, with the same payload array, and their frames differ only in the
 * {@code subscription} and {@code message-id} header values. So each thread keeps the
 * last {@code MESSAGE} frame it encoded, and the next frame with the same payload and the
 * same other headers is a copy of it with those two values replaced: byte for byte what
 * the full encoding gives. Anything else is encoded in full. A thread holds one frame, at
 * most {@code exp.server.bus.max-message-size} and its envelope.
 */
final class SharedFrameEncoder extends StompEncoder {

	private static final String SUBSCRIPTION = StompHeaderAccessor.STOMP_SUBSCRIPTION_HEADER;

	private static final String MESSAGE_ID = StompHeaderAccessor.STOMP_MESSAGE_ID_HEADER;

	private final ThreadLocal<@Nullable Template> last = new ThreadLocal<>();

	@Override
	public byte[] encode(Map<String, Object> headers, byte[] payload) {
		if (headers.get("stompCommand") != StompCommand.MESSAGE) {
			return super.encode(headers, payload);
		}
		@SuppressWarnings("unchecked")
		Map<String, List<String>> nativeHeaders = (Map<String, List<String>>) headers
			.get(NativeMessageHeaderAccessor.NATIVE_HEADERS);
		byte[] subscription = plainValue(nativeHeaders, SUBSCRIPTION);
		byte[] messageId = plainValue(nativeHeaders, MESSAGE_ID);
		if (nativeHeaders == null || subscription == null || messageId == null) {
			return super.encode(headers, payload);
		}
		Template template = this.last.get();
		if (template != null && template.matches(nativeHeaders, payload)) {
			return template.with(subscription, messageId);
		}
		byte[] frame = super.encode(headers, payload);
		template = Template.of(frame, nativeHeaders, payload, subscription, messageId);
		this.last.set(template);
		return frame;
	}

	/**
	 * Returns the header's single value in UTF-8, or {@code null} when it has none,
	 * several, or one that the encoder would escape.
	 */
	private static byte @Nullable [] plainValue(@Nullable Map<String, List<String>> headers, String name) {
		List<String> values = (headers != null) ? headers.get(name) : null;
		if (values == null || values.size() != 1) {
			return null;
		}
		String value = values.get(0);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\' || c == ':' || c == '\n' || c == '\r') {
				return null;
			}
		}
		return value.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A {@code MESSAGE} frame and where its {@code subscription} and {@code message-id}
	 * values are.
	 */
	private record Template(byte[] frame, Map<String, List<String>> headers, byte[] payload, int firstStart,
			int firstEnd, int secondStart, int secondEnd, boolean subscriptionFirst) {

		static @Nullable Template of(byte[] frame, Map<String, List<String>> headers, byte[] payload,
				byte[] subscription, byte[] messageId) {
			int headersEnd = indexOf(frame, "\n\n".getBytes(StandardCharsets.UTF_8), 0, frame.length);
			if (headersEnd < 0) {
				return null;
			}
			int subscriptionAt = valueStart(frame, SUBSCRIPTION, subscription, headersEnd);
			int messageIdAt = valueStart(frame, MESSAGE_ID, messageId, headersEnd);
			if (subscriptionAt < 0 || messageIdAt < 0) {
				return null;
			}
			boolean subscriptionFirst = subscriptionAt < messageIdAt;
			int firstStart = Math.min(subscriptionAt, messageIdAt);
			int firstEnd = firstStart + (subscriptionFirst ? subscription.length : messageId.length);
			int secondStart = Math.max(subscriptionAt, messageIdAt);
			int secondEnd = secondStart + (subscriptionFirst ? messageId.length : subscription.length);
			Map<String, List<String>> copy = new HashMap<>();
			headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
			return new Template(frame, copy, payload, firstStart, firstEnd, secondStart, secondEnd, subscriptionFirst);
		}

		/** Where the value of the header line {@code \nname:value\n} starts, or -1. */
		private static int valueStart(byte[] frame, String name, byte[] value, int headersEnd) {
			byte[] line = new byte[name.length() + value.length + 3];
			line[0] = '\n';
			byte[] key = name.getBytes(StandardCharsets.UTF_8);
			System.arraycopy(key, 0, line, 1, key.length);
			line[key.length + 1] = ':';
			System.arraycopy(value, 0, line, key.length + 2, value.length);
			line[line.length - 1] = '\n';
			int at = indexOf(frame, line, 0, headersEnd + 2);
			return (at < 0) ? -1 : at + key.length + 2;
		}

		private static int indexOf(byte[] array, byte[] target, int from, int to) {
			outer: for (int i = from; i <= to - target.length; i++) {
				for (int j = 0; j < target.length; j++) {
					if (array[i + j] != target[j]) {
						continue outer;
					}
				}
				return i;
			}
			return -1;
		}

		boolean matches(Map<String, List<String>> nativeHeaders, byte[] payload) {
			if (payload != this.payload || nativeHeaders.size() != this.headers.size()) {
				return false;
			}
			for (Map.Entry<String, List<String>> header : nativeHeaders.entrySet()) {
				String name = header.getKey();
				if (!name.equals(SUBSCRIPTION) && !name.equals(MESSAGE_ID)
						&& !Objects.equals(header.getValue(), this.headers.get(name))) {
					return false;
				}
			}
			return true;
		}

		byte[] with(byte[] subscription, byte[] messageId) {
			byte[] first = this.subscriptionFirst ? subscription : messageId;
			byte[] second = this.subscriptionFirst ? messageId : subscription;
			int length = this.frame.length - (this.firstEnd - this.firstStart) - (this.secondEnd - this.secondStart)
					+ first.length + second.length;
			byte[] result = new byte[length];
			int at = copy(this.frame, 0, this.firstStart, result, 0);
			at = copy(first, 0, first.length, result, at);
			at = copy(this.frame, this.firstEnd, this.secondStart, result, at);
			at = copy(second, 0, second.length, result, at);
			copy(this.frame, this.secondEnd, this.frame.length, result, at);
			return result;
		}

		private static int copy(byte[] from, int start, int end, byte[] to, int at) {
			System.arraycopy(from, start, to, at, end - start);
			return at + end - start;
		}

	}

}
