package io.exp.client.bus;

import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A message received on the event bus: its envelope, with the payload as parsed JSON
 * (map, list, string, number, boolean or {@code null}).
 *
 * @since 0.1.0
 */
public final class ExpMessage {

	private final Map<String, Object> envelope;

	private final Consumer<@Nullable Object> responder;

	ExpMessage(Map<String, Object> envelope, Consumer<@Nullable Object> responder) {
		this.envelope = envelope;
		this.responder = responder;
	}

	/**
	 * Returns the message's type.
	 * @return {@code broadcast}, {@code request} or {@code response}
	 */
	public String getType() {
		return String.valueOf(this.envelope.get(Envelopes.TYPE));
	}

	/**
	 * Returns the message's id.
	 * @return the id, or {@code null} for a broadcast sent without one
	 */
	public @Nullable String getId() {
		return (this.envelope.get(Envelopes.ID) instanceof String id) ? id : null;
	}

	/**
	 * Returns the message's name.
	 * @return the name, for example {@code Hi!}
	 */
	public @Nullable String getName() {
		return (this.envelope.get(Envelopes.NAME) instanceof String name) ? name : null;
	}

	/**
	 * Returns the payload.
	 * @return the parsed payload
	 */
	public @Nullable Object getPayload() {
		return this.envelope.get(Envelopes.PAYLOAD);
	}

	/**
	 * Returns the uuid of the sender, stamped by the server.
	 * @return the sender's uuid
	 */
	public @Nullable String getSenderUuid() {
		return (this.envelope.get(Envelopes.SENDER) instanceof Map<?, ?> sender) ? (String) sender.get(Envelopes.UUID)
				: null;
	}

	/**
	 * Returns the whole envelope.
	 * @return the envelope
	 */
	public Map<String, Object> getEnvelope() {
		return this.envelope;
	}

	/**
	 * Answers this broadcast to its sender, who may be collecting responses.
	 * @param payload the response payload
	 */
	public void respond(@Nullable Object payload) {
		this.responder.accept(payload);
	}

	@Override
	public String toString() {
		return "ExpMessage" + this.envelope;
	}

}
