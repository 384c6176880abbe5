package io.exp.server.bus;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The serial of a broadcast on its channel, sent in the {@value #HEADER} header: the
 * history that assigned it (its epoch) and a number that grows by one with each broadcast
 * of the channel. Clients keep it as an opaque text and send it back in
 * {@value #RESUME_HEADER}; a serial of another epoch (a node restarted, or another node)
 * cannot be resumed from exactly.
 *
 * @param epoch the history that assigned the serial: letters and digits
 * @param number the broadcast's position on its channel, from 1
 */
record Serial(String epoch, long number) {

	/** The header of a {@code MESSAGE} frame that carries the broadcast's serial. */
	static final String HEADER = "exp-serial";

	/**
	 * The header of a {@code SUBSCRIBE} frame that asks for the broadcasts after a serial
	 * first.
	 */
	static final String RESUME_HEADER = "exp-resume-after";

	private static final Pattern FORMAT = Pattern.compile("([0-9a-z]{1,16})\\.([0-9]{1,18})");

	/**
	 * Reads a serial as {@link #toString()} writes it.
	 * @param text the text
	 * @return the serial
	 * @throws IllegalArgumentException when the text is not a serial
	 */
	static Serial parse(String text) {
		Matcher matcher = FORMAT.matcher(text);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("'" + text + "' is not a serial: send back the value of an " + HEADER
					+ " header exactly as received");
		}
		return new Serial(matcher.group(1), Long.parseLong(matcher.group(2)));
	}

	@Override
	public String toString() {
		return this.epoch + "." + this.number;
	}

}
