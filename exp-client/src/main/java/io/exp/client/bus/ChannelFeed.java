package io.exp.client.bus;

import java.lang.reflect.Type;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;

/**
 * The broadcasts of one channel with listeners, across connections: remembers the serial
 * ({@value #SERIAL}) of the last broadcast received, replayed or live, so that the
 * subscription of the next connection resumes after it ({@value #RESUME_AFTER}); skips a
 * broadcast whose serial is the last one again; and turns the server's discontinuity
 * frame into a signal instead of a broadcast. What the server replays after a
 * discontinuity still comes after the serial (nothing, when the serial is of another
 * history), so it is delivered. Serials are opaque text. Frames arrive on the
 * connection's thread, in order.
 */
final class ChannelFeed implements StompFrameHandler {

	private static final Log logger = LogFactory.getLog(ChannelFeed.class);

	/** The header with a broadcast's serial. */
	static final String SERIAL = "exp-serial";

	/** The {@code SUBSCRIBE} header that resumes after a serial. */
	static final String RESUME_AFTER = "exp-resume-after";

	/** The header of the frame that says broadcasts were missed for good. */
	static final String DISCONTINUITY = "exp-discontinuity";

	/** The header, on the discontinuity frame, of the oldest serial the server held. */
	static final String OLDEST_SERIAL = "exp-oldest-serial";

	private final ExpChannel channel;

	private final StompFrameHandler broadcasts;

	private final Discontinuities discontinuities;

	private volatile @Nullable String lastSerial;

	/**
	 * Creates the feed of a channel that has no serial yet.
	 * @param channel the channel
	 * @param broadcasts handles the broadcast frames
	 * @param discontinuities told when broadcasts were missed for good
	 */
	ChannelFeed(ExpChannel channel, StompFrameHandler broadcasts, Discontinuities discontinuities) {
		this.channel = channel;
		this.broadcasts = broadcasts;
		this.discontinuities = discontinuities;
	}

	ExpChannel channel() {
		return this.channel;
	}

	/**
	 * Prepares a new subscription of this channel: when resuming and a broadcast was
	 * received before, the subscription resumes after it.
	 * @param subscribe the headers of the {@code SUBSCRIBE} frame
	 * @param resume whether to resume
	 */
	void subscribing(StompHeaders subscribe, boolean resume) {
		String last = this.lastSerial;
		if (resume && last != null) {
			subscribe.set(RESUME_AFTER, last);
		}
	}

	/**
	 * Forgets the last serial, after the server refused to resume from it or the replay
	 * could not be received: the next subscription gets live broadcasts only, so the ones
	 * missed are lost.
	 * @return whether there was a serial to forget
	 */
	boolean forgetSerial() {
		boolean had = this.lastSerial != null;
		this.lastSerial = null;
		return had;
	}

	@Override
	public Type getPayloadType(StompHeaders headers) {
		return this.broadcasts.getPayloadType(headers);
	}

	@Override
	public void handleFrame(StompHeaders headers, @Nullable Object payload) {
		if ("true".equals(headers.getFirst(DISCONTINUITY))) {
			this.discontinuities.missed(this.channel, headers.getFirst(OLDEST_SERIAL));
			return;
		}
		String serial = headers.getFirst(SERIAL);
		if (serial != null) {
			if (serial.equals(this.lastSerial)) {
				logger.debug("Skipped broadcast " + serial + " on channel '" + this.channel.getName()
						+ "', received already");
				return;
			}
			this.lastSerial = serial;
		}
		this.broadcasts.handleFrame(headers, payload);
	}

}
