package io.exp.client.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery and variant URLs, which are handed to callers as text, encode every reserved
 * character exactly once.
 */
class ExpUrisTests {

	@Test
	void queryNamesAndValuesAreEncodedStrictlyAndOnce() {
		Map<String, Object> query = new LinkedHashMap<>();
		query.put("variant", ExpApiClientTests.RESERVED);
		query.put("_rt", "x.y-z_");
		assertThat(ExpUris.of("http://localhost:9000", "/api/delivery/Root/logo one.png", query))
			.hasToString("http://localhost:9000/api/delivery/Root/logo%20one.png"
					+ "?variant=a%2Bb%20%26%20c%3Dd%20%2520%20e%2Ff%3F%20%23g%20%C3%A9&_rt=x.y-z_");
	}

}
