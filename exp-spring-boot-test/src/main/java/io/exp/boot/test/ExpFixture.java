package io.exp.boot.test;

import io.exp.server.fixture.DefaultFixture;

/**
 * Ids, credentials and secrets of the embedded server's default fixture, for tests. The
 * values are exp-server's {@code DefaultFixture}, compiled in: the server's classes are
 * not on the test's class path (see {@link EmbeddedExpServer}). The README's "The default
 * fixture" section describes the whole fixture.
 *
 * @since 0.1.0
 */
public final class ExpFixture {

	/**
	 * The organization of {@link #JOE}, the devices {@code DEVICE_*} and the consumer
	 * app.
	 */
	public static final String ORGANIZATION = DefaultFixture.ORGANIZATION;

	/**
	 * The username of the user of organization {@code exp}, whom
	 * {@link EmbeddedExpServer} logs in by default.
	 */
	public static final String JOE = DefaultFixture.JOE;

	/** The password of {@link #JOE}. */
	public static final String JOE_PASSWORD = DefaultFixture.JOE_PASSWORD;

	/** The organization of {@link #ANN} and {@link #ACME_DEVICE}. */
	public static final String ACME = DefaultFixture.ACME;

	/** The username of the user of organization {@code acme}. */
	public static final String ANN = DefaultFixture.ANN;

	/** The password of {@link #ANN}. */
	public static final String ANN_PASSWORD = DefaultFixture.ANN_PASSWORD;

	/**
	 * Device "Lobby Display": experience {@link #EXPERIENCE_1}, location
	 * {@link #LOCATION_1}, zone lobby.
	 */
	public static final String DEVICE_1 = DefaultFixture.DEVICE_1;

	/** The secret of {@link #DEVICE_1}. */
	public static final String DEVICE_1_SECRET = DefaultFixture.DEVICE_1_SECRET;

	/**
	 * Device "Entrance Kiosk": experience {@link #EXPERIENCE_1}, location
	 * {@link #LOCATION_1}, zone entrance.
	 */
	public static final String DEVICE_2 = DefaultFixture.DEVICE_2;

	/** The secret of {@link #DEVICE_2}. */
	public static final String DEVICE_2_SECRET = DefaultFixture.DEVICE_2_SECRET;

	/** Device "Spare Player", in no experience and no location. */
	public static final String DEVICE_3 = DefaultFixture.DEVICE_3;

	/** The secret of {@link #DEVICE_3}. */
	public static final String DEVICE_3_SECRET = DefaultFixture.DEVICE_3_SECRET;

	/** Consumer app "Visitor App". */
	public static final String CONSUMER_APP = DefaultFixture.CONSUMER_APP;

	/** The API key of {@link #CONSUMER_APP}. */
	public static final String CONSUMER_APP_KEY = DefaultFixture.CONSUMER_APP_KEY;

	/** Experience "Main Experience". */
	public static final String EXPERIENCE_1 = DefaultFixture.EXPERIENCE_1;

	/** Location "Headquarters", zones {@code lobby} and {@code entrance}. */
	public static final String LOCATION_1 = DefaultFixture.LOCATION_1;

	/** Thing "Beacon", zone lobby. */
	public static final String THING_1 = DefaultFixture.THING_1;

	/** Feed "Weather". */
	public static final String FEED_1 = DefaultFixture.FEED_1;

	/** Content folder "Root". */
	public static final String CONTENT_ROOT = DefaultFixture.CONTENT_ROOT;

	/** Content file {@code logo.png}, with variant {@code thumb}. */
	public static final String CONTENT_FILE = DefaultFixture.CONTENT_FILE;

	/** Device "Acme Sign" of organization {@code acme}. */
	public static final String ACME_DEVICE = DefaultFixture.ACME_DEVICE;

	/** The secret of {@link #ACME_DEVICE}. */
	public static final String ACME_DEVICE_SECRET = DefaultFixture.ACME_DEVICE_SECRET;

	private ExpFixture() {
	}

}
