package io.exp.server;

/**
 * Ids and secrets of the default fixture, for tests.
 */
public final class Fixtures {

	public static final String JOE = "joe@example.com";

	public static final String JOE_PASSWORD = "joesmoe25";

	public static final String ANN = "ann@example.com";

	public static final String ANN_PASSWORD = "annsecret25";

	public static final String DEVICE_1 = "d1000000-0000-4000-8000-000000000001";

	public static final String DEVICE_1_SECRET = "device-one-secret-0123456789abcdef";

	public static final String DEVICE_2 = "d1000000-0000-4000-8000-000000000002";

	public static final String DEVICE_2_SECRET = "device-two-secret-0123456789abcdef";

	public static final String EXPERIENCE_1 = "e1000000-0000-4000-8000-000000000001";

	public static final String LOCATION_1 = "a1000000-0000-4000-8000-000000000001";

	public static final String THING_1 = "f1000000-0000-4000-8000-000000000001";

	public static final String FEED_1 = "b1000000-0000-4000-8000-000000000001";

	public static final String CONTENT_ROOT = "c0000000-0000-4000-8000-000000000001";

	public static final String CONTENT_FILE = "c0000000-0000-4000-8000-000000000002";

	public static final String CONSUMER_APP = "5c000000-0000-4000-8000-000000000001";

	public static final String CONSUMER_APP_KEY = "consumer-app-key-0123456789abcdef";

	public static final String ACME_DEVICE = "d2000000-0000-4000-8000-000000000001";

	private Fixtures() {
	}

}
