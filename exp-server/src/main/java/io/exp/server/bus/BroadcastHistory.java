package io.exp.server.bus;

import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.util.MimeType;

/**
 * Assigns each broadcast of a channel its {@link Serial} and keeps the channel's recent
 * broadcasts, so a subscriber can resume after the last serial it saw. This node's
 * sessions see a channel's broadcasts in the order the channel's {@link #lock(String)
 * lock} admits them: a publisher holds it while it records and fans out a broadcast, a
 * resuming subscriber while it subscribes and is sent what it missed, so nothing falls
 * between the two. Serials are assigned by the history, or, on nodes that share a
 * broadcast stream ({@link BroadcastStream}), by the stream, the same on every node.
 */
interface BroadcastHistory {

	/**
	 * Takes the lock that orders the broadcasts of a channel on this node and their
	 * handover to resuming subscribers, waiting for it.
	 * @param channelId the channel id (base64url)
	 * @return the lock, held by this thread: the caller unlocks it
	 */
	Lock lock(String channelId);

	/**
	 * Keeps a broadcast with the serial it was given, or assigns it the next serial of
	 * the channel. Called with the channel's lock held.
	 * @param channelId the channel id (base64url)
	 * @param serial the serial the broadcast stream gave it, or {@code null} to assign
	 * one
	 * @param payload the broadcast as sent to subscribers
	 * @param contentType its content type
	 * @return its serial
	 */
	Serial record(String channelId, @Nullable Serial serial, byte[] payload, @Nullable MimeType contentType);

	/**
	 * Waits, briefly, until this node has heard the broadcast of a serial that another
	 * node of a shared broadcast stream may have delivered before this node read it;
	 * returns at once otherwise. Called with no lock held, before {@link #after}.
	 * @param serial the last serial a resuming subscriber saw
	 */
	void awaitHeard(Serial serial);

	/**
	 * The broadcasts of a channel after a serial, oldest first. Called with the channel's
	 * lock held.
	 * @param channelId the channel id (base64url)
	 * @param after the last serial the subscriber saw
	 * @return what is still held after it, and whether something after it is no longer
	 * held
	 * @throws IllegalArgumentException when the serial is of this history but was never
	 * assigned
	 */
	Replay after(String channelId, Serial after);

	/**
	 * Says whether this node hears the channel's broadcasts from the other nodes (it does
	 * while it has listeners on it). Broadcasts sent on other nodes while it did not are
	 * missing from its history, so a subscriber that resumes from before it heard the
	 * channel again is told so.
	 * @param channelId the channel id (base64url)
	 * @param following whether the node's subscription to the channel on the broker is
	 * confirmed ({@code true}) or given up ({@code false})
	 */
	void following(String channelId, boolean following);

	/**
	 * Records that this node may have missed broadcasts of other nodes on some channels
	 * up to now: its broker connection that carries them was down. A subscriber that
	 * resumes from a serial this node assigned before now is told so.
	 * @param channelIds the channels (base64url ids)
	 */
	void missedUpToNow(Predicate<String> channelIds);

	/**
	 * A broadcast as kept in the history.
	 *
	 * @param serial its serial
	 * @param payload its body
	 * @param contentType its content type
	 */
	record Recorded(Serial serial, byte[] payload, @Nullable MimeType contentType) {
	}

	/**
	 * What a resuming subscriber is sent.
	 *
	 * @param messages the broadcasts after the serial still held, oldest first
	 * @param discontinuity whether broadcasts after the serial are missing (no longer
	 * held, or the serial is of another history)
	 * @param oldest the oldest serial still held for the channel, if any
	 */
	record Replay(List<Recorded> messages, boolean discontinuity, @Nullable Serial oldest) {
	}

}
