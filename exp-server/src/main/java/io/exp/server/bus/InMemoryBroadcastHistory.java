package io.exp.server.bus;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.util.MimeType;

/**
 * A {@link BroadcastHistory} in this node's memory: serials count from 1 per channel
 * within an epoch drawn at random when the node starts, so serials from before a restart,
 * or from another node, are told apart. It keeps at most {@code maxMessages} broadcasts
 * per channel, none older than {@code maxAge}, and drops the node's oldest when all
 * channels together hold more than {@code maxMemory} bytes. A channel that had broadcasts
 * keeps its counter (a few hundred bytes with its name), so its serials never restart. A
 * broadcast dropped from a busy channel for its count lets go of its payload at once;
 * {@value #ENTRY_OVERHEAD} bytes of it stay, counted in the memory bound, until it
 * reaches the head of the node's queue. While the node holds more than
 * {@code maxChannels} channels, it forgets, every second, the channels that hold no
 * broadcast (and that it does not follow, on a node joined to others): a channel created
 * again numbers on after every serial the node gave before, and a subscriber resuming on
 * it from a serial before the last one of any channel forgotten is told that broadcasts
 * may be missing. On a node joined to others, broadcasts of other nodes are recorded as
 * this node hears them, which it does only while it has listeners on the channel: a
 * subscriber that resumes from a serial before the node last began to follow the channel,
 * or before its broker connection last came back ({@link #missedUpToNow}), is told that
 * broadcasts may be missing. On nodes that share a broadcast stream
 * ({@link BroadcastStream}), every node reads every broadcast from the stream, whose
 * offsets are the serials, and holds everything after the point where it began to read
 * ({@link BroadcastStreamPosition}).
 */
final class InMemoryBroadcastHistory implements BroadcastHistory {

	/**
	 * Bytes counted for a broadcast besides its payload, until the node's queue of
	 * broadcasts lets go of it.
	 */
	private static final int ENTRY_OVERHEAD = 96;

	/** How often the node drops the broadcasts that are too old ({@link #expire()}). */
	static final Duration EXPIRY_PERIOD = Duration.ofSeconds(1);

	/** How long a resume waits for this node to read the stream up to its serial. */
	private static final Duration STREAM_WAIT = Duration.ofSeconds(2);

	private final String epoch;

	private final @Nullable BroadcastStreamPosition stream;

	private final long maxAgeNanos;

	private final int maxMessages;

	private final long maxMemory;

	private final int maxChannels;

	/** The last serial number of every channel forgotten so far. */
	private final AtomicLong forgottenUpTo = new AtomicLong();

	private final Map<String, ChannelHistory> channels = new ConcurrentHashMap<>();

	/** Every kept broadcast in the order recorded, to drop the node's oldest first. */
	private final Queue<Entry> all = new ConcurrentLinkedQueue<>();

	private final AtomicLong bytes = new AtomicLong();

	private final boolean relayed;

	/**
	 * @param maxAge the longest time a broadcast is kept
	 * @param maxMessages the most broadcasts kept per channel
	 * @param maxMemory the most bytes kept for all channels
	 * @param maxChannels the most channels kept before the quiet ones are forgotten
	 * @param relayed whether the node hears other nodes' broadcasts only while it follows
	 * a channel (see {@link #following})
	 * @param stream how far the node read the broadcast stream it shares with the other
	 * nodes, which numbers every broadcast; {@code null} when the node numbers them
	 */
	InMemoryBroadcastHistory(Duration maxAge, int maxMessages, long maxMemory, int maxChannels, boolean relayed,
			@Nullable BroadcastStreamPosition stream) {
		this.relayed = relayed && stream == null;
		this.stream = stream;
		this.epoch = (stream != null) ? stream.epoch() : Long.toString(new SecureRandom().nextLong() >>> 1, 36);
		this.maxAgeNanos = maxAge.toNanos();
		this.maxMessages = maxMessages;
		this.maxMemory = maxMemory;
		this.maxChannels = maxChannels;
	}

	@Override
	public Lock lock(String channelId) {
		return locked(channelId).lock;
	}

	@Override
	public Serial record(String channelId, @Nullable Serial given, byte[] payload, @Nullable MimeType contentType) {
		ChannelHistory channel = channel(channelId);
		long now = System.nanoTime();
		Serial serial;
		synchronized (channel) {
			serial = (given != null) ? given : new Serial(this.epoch, channel.last + 1);
			channel.last = serial.number();
			Entry entry = new Entry(channel, new Recorded(serial, payload, contentType), now);
			channel.entries.addLast(entry);
			this.all.add(entry);
			this.bytes.addAndGet(payload.length + ENTRY_OVERHEAD);
			while (channel.entries.size() > this.maxMessages) {
				evict(channel, channel.entries.peekFirst());
			}
		}
		sweep(now);
		return serial;
	}

	@Override
	public void following(String channelId, boolean following) {
		ChannelHistory channel = locked(channelId);
		try {
			synchronized (channel) {
				channel.unheardUpTo = following ? channel.last : Long.MAX_VALUE;
			}
		}
		finally {
			channel.lock.unlock();
		}
	}

	@Override
	public void missedUpToNow(Predicate<String> channelIds) {
		if (!this.relayed) {
			// alone, or every broadcast read from the stream the nodes share
			return;
		}
		this.channels.forEach((channelId, channel) -> {
			if (channelIds.test(channelId)) {
				synchronized (channel) {
					channel.unheardUpTo = Math.max(channel.unheardUpTo, channel.last);
				}
			}
		});
	}

	@Override
	public void awaitHeard(Serial serial) {
		if (this.stream != null && this.epoch.equals(serial.epoch())) {
			this.stream.awaitHeard(serial.number(), STREAM_WAIT);
		}
	}

	@Override
	public Replay after(String channelId, Serial after) {
		ChannelHistory channel = channel(channelId);
		sweep(System.nanoTime());
		synchronized (channel) {
			Entry first = channel.entries.peekFirst();
			Serial oldest = (first != null) ? first.recorded.serial() : null;
			List<Recorded> messages = new ArrayList<>();
			if (!this.epoch.equals(after.epoch())) {
				// which of this history's broadcasts come after a serial of another is
				// unknown: none is replayed, rather than some twice
				return new Replay(messages, true, oldest);
			}
			if (this.stream == null && after.number() > channel.last) {
				throw new IllegalArgumentException("Serial " + after + " was never assigned on this channel");
			}
			for (Entry entry : channel.entries) {
				if (entry.recorded.serial().number() > after.number()) {
					messages.add(entry.recorded);
				}
			}
			boolean missing = channel.evictedUpTo > after.number() || channel.unheardUpTo >= after.number()
					|| (this.stream != null && !this.stream.heardEverythingAfter(after.number()));
			return new Replay(messages, missing, oldest);
		}
	}

	/**
	 * Drops the broadcasts that are too old now, whether or not anything was broadcast or
	 * resumed since: the node calls it {@link #EXPIRY_PERIOD every second}, so a quiet
	 * node lets go of its last broadcasts once they are older than the max age.
	 */
	void expire() {
		sweep(System.nanoTime());
		if (this.channels.size() > this.maxChannels) {
			forgetQuietChannels();
		}
	}

	/**
	 * Forgets the channels that hold no broadcast and that the node does not follow,
	 * unless someone holds their lock.
	 */
	private void forgetQuietChannels() {
		for (Map.Entry<String, ChannelHistory> named : this.channels.entrySet()) {
			ChannelHistory channel = named.getValue();
			if (!channel.lock.tryLock()) {
				continue;
			}
			try {
				synchronized (channel) {
					if (channel.entries.isEmpty() && (!this.relayed || channel.unheardUpTo == Long.MAX_VALUE)) {
						channel.forgotten = true;
						// before it goes: a channel created again starts after it
						this.forgottenUpTo.accumulateAndGet(channel.last, Math::max);
						this.channels.remove(named.getKey(), channel);
					}
				}
			}
			finally {
				channel.lock.unlock();
			}
		}
	}

	/**
	 * Returns how many channels the node keeps a counter and broadcasts for.
	 * @return the count
	 */
	int channelCount() {
		return this.channels.size();
	}

	/**
	 * Returns the bytes the history holds now: its broadcasts' payloads and
	 * {@value #ENTRY_OVERHEAD} bytes each.
	 * @return the bytes
	 */
	long heldBytes() {
		return this.bytes.get();
	}

	/**
	 * Drops the node's oldest broadcasts while they are too old or while the node holds
	 * too much.
	 */
	private void sweep(long now) {
		for (Entry head = this.all.peek(); head != null; head = this.all.peek()) {
			boolean expired = now - head.time > this.maxAgeNanos;
			if (head.recorded != null && !expired && this.bytes.get() <= this.maxMemory) {
				return;
			}
			if (this.all.remove(head)) {
				synchronized (head.channel) {
					evict(head.channel, head);
				}
				this.bytes.addAndGet(-ENTRY_OVERHEAD);
			}
		}
	}

	/** Drops a broadcast from its channel, with the channel's monitor held. */
	private void evict(ChannelHistory channel, @Nullable Entry entry) {
		Recorded recorded = (entry != null) ? entry.recorded : null;
		if (recorded == null || !channel.entries.remove(entry)) {
			return;
		}
		entry.recorded = null;
		channel.evictedUpTo = Math.max(channel.evictedUpTo, recorded.serial().number());
		this.bytes.addAndGet(-recorded.payload().length);
		if (channel.entries.isEmpty()) {
			channel.entries = new ArrayDeque<>(0);
		}
	}

	/**
	 * Looks a channel up and takes its lock, waiting for it, looking the channel up again
	 * while the one found was forgotten meanwhile ({@link #forgetQuietChannels()}): the
	 * channel returned stays the node's until its lock is released.
	 * @param channelId the channel id (base64url)
	 * @return the channel, its lock held by this thread: the caller unlocks it
	 */
	private ChannelHistory locked(String channelId) {
		while (true) {
			ChannelHistory channel = channel(channelId);
			channel.lock.lock();
			if (!channel.forgotten) {
				return channel;
			}
			// forgotten since it was looked up: the next look-up creates it again
			channel.lock.unlock();
		}
	}

	private ChannelHistory channel(String channelId) {
		return this.channels.computeIfAbsent(channelId,
				(id) -> new ChannelHistory(this.relayed ? Long.MAX_VALUE : -1, this.forgottenUpTo.get()));
	}

	/**
	 * One channel's counter, lock and kept broadcasts; its fields are guarded by its
	 * monitor.
	 */
	private static final class ChannelHistory {

		final ReentrantLock lock = new ReentrantLock();

		long last;

		long evictedUpTo;

		/**
		 * Broadcasts of other nodes after a serial up to this one may be missing: the
		 * node did not follow the channel then ({@code Long.MAX_VALUE} while it does
		 * not); -1 on a node alone.
		 */
		long unheardUpTo;

		ArrayDeque<Entry> entries = new ArrayDeque<>(0);

		/**
		 * Whether the node forgot the channel (set with its lock held): whoever looked it
		 * up before looks it up again.
		 */
		boolean forgotten;

		/**
		 * @param unheardUpTo see {@link #unheardUpTo}
		 * @param forgottenUpTo the last serial number of every channel the node forgot so
		 * far: the channel may be one of them, so its serials come after it and a resume
		 * from before it may have missed broadcasts
		 */
		ChannelHistory(long unheardUpTo, long forgottenUpTo) {
			this.unheardUpTo = unheardUpTo;
			this.last = forgottenUpTo;
			this.evictedUpTo = forgottenUpTo;
		}

	}

	private static final class Entry {

		final ChannelHistory channel;

		final long time;

		/**
		 * The broadcast while its channel keeps it, {@code null} once dropped; set with
		 * the channel's monitor.
		 */
		volatile @Nullable Recorded recorded;

		Entry(ChannelHistory channel, Recorded recorded, long time) {
			this.channel = channel;
			this.recorded = recorded;
			this.time = time;
		}

	}

}
