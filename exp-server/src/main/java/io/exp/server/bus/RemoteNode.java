package io.exp.server.bus;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * What this node knows of another node's identities, from its presence messages: its
 * changes applied in order while none is missed, and a snapshot wanted (and then
 * assembled from its parts) when one was, or when the node is new. Until then the
 * identities known before the gap stay. Messages of one node come on one thread; the
 * identities are read from any.
 */
final class RemoteNode {

	private volatile Map<String, String> users = new ConcurrentHashMap<>();

	private volatile long heardAt;

	/** The number of the last change applied, while in step with the node. */
	private long seq;

	private boolean inStep;

	private @Nullable Map<String, String> assembling;

	private long assemblingSeq;

	private int nextPart;

	private long askedAt;

	private boolean asked;

	/**
	 * Takes a message of the node.
	 * @param message the message, not {@link PresenceAnnouncement.Kind#ASK} nor
	 * {@link PresenceAnnouncement.Kind#LEAVING}
	 * @param now {@link System#nanoTime()}
	 */
	void heard(PresenceAnnouncement message, long now) {
		this.heardAt = now;
		if (message.kind() != PresenceAnnouncement.Kind.SNAPSHOT) {
			// a snapshot's parts come one after the other: one is missing
			this.assembling = null;
		}
		switch (message.kind()) {
			case DELTA -> {
				if (this.inStep && message.seq() == this.seq + 1) {
					Map<String, String> current = this.users;
					current.putAll(message.users());
					message.left().forEach(current::remove);
					this.seq = message.seq();
				}
				else if (!this.inStep || message.seq() > this.seq) {
					this.inStep = false;
				}
			}
			case ALIVE -> this.inStep = this.inStep && message.seq() == this.seq;
			case SNAPSHOT -> assemble(message);
			default -> {
			}
		}
	}

	private void assemble(PresenceAnnouncement part) {
		if (part.part() == 0) {
			this.assembling = new HashMap<>();
			this.assemblingSeq = part.seq();
			this.nextPart = 0;
		}
		if (this.assembling == null || part.seq() != this.assemblingSeq || part.part() != this.nextPart) {
			// a part was missed: wait for the next snapshot
			this.assembling = null;
			return;
		}
		this.assembling.putAll(part.users());
		this.nextPart++;
		if (this.nextPart == part.parts()) {
			this.users = new ConcurrentHashMap<>(this.assembling);
			this.seq = part.seq();
			this.inStep = true;
			this.asked = false;
			this.assembling = null;
		}
	}

	/**
	 * Returns whether to ask the node for a snapshot now: it is out of step, is not in
	 * the middle of sending one, and was not asked within the interval.
	 * @param now {@link System#nanoTime()}
	 * @param interval how long an unanswered ask stands
	 * @return whether to ask, then counted as asked
	 */
	boolean shouldAsk(long now, Duration interval) {
		if (this.inStep || this.assembling != null || (this.asked && now - this.askedAt < interval.toNanos())) {
			return false;
		}
		this.asked = true;
		this.askedAt = now;
		return true;
	}

	boolean isFresh(long now, Duration timeout) {
		return now - this.heardAt < timeout.toNanos();
	}

	Map<String, String> users() {
		return this.users;
	}

}
