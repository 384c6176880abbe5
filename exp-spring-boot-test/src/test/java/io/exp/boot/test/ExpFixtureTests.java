package io.exp.boot.test;

import java.util.stream.Stream;

import io.exp.client.api.ExpApiClient;
import io.exp.client.api.ReactiveExpApiClient;
import io.exp.client.auth.ExpAuth;
import io.exp.client.auth.ExpCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ExpFixture}'s ids and secrets are those of the embedded server's default
 * fixture.
 */
@SpringBootTest(classes = EmbeddedExpServerApp.class, properties = "spring.main.web-application-type=none")
@EmbeddedExpServer
class ExpFixtureTests {

	@Autowired
	private ExpTestServer server;

	@Autowired
	private ExpApiClient api;

	static Stream<Arguments> credentials() {
		return Stream.of(
				Arguments.of(ExpCredentials.user(ExpFixture.JOE, ExpFixture.JOE_PASSWORD, ExpFixture.ORGANIZATION),
						ExpFixture.ORGANIZATION),
				Arguments.of(ExpCredentials.user(ExpFixture.ANN, ExpFixture.ANN_PASSWORD, ExpFixture.ACME),
						ExpFixture.ACME),
				Arguments.of(ExpCredentials.device(ExpFixture.DEVICE_1, ExpFixture.DEVICE_1_SECRET, false),
						ExpFixture.ORGANIZATION),
				Arguments.of(ExpCredentials.device(ExpFixture.DEVICE_2, ExpFixture.DEVICE_2_SECRET, false),
						ExpFixture.ORGANIZATION),
				Arguments.of(ExpCredentials.device(ExpFixture.DEVICE_3, ExpFixture.DEVICE_3_SECRET, false),
						ExpFixture.ORGANIZATION),
				Arguments.of(ExpCredentials.device(ExpFixture.ACME_DEVICE, ExpFixture.ACME_DEVICE_SECRET, false),
						ExpFixture.ACME),
				Arguments.of(ExpCredentials.consumerApp(ExpFixture.CONSUMER_APP, ExpFixture.CONSUMER_APP_KEY),
						ExpFixture.ORGANIZATION));
	}

	@ParameterizedTest
	@MethodSource("credentials")
	void everyFixtureCredentialLogsInToItsOrganization(ExpCredentials credentials, String organization) {
		try (ReactiveExpApiClient client = ReactiveExpApiClient.builder()
			.baseUrl(this.server.getUrl())
			.credentials(credentials)
			.build()) {
			ExpAuth auth = client.auth().block();
			assertThat(auth).isNotNull();
			assertThat(auth.identity().organization()).isEqualTo(organization);
		}
	}

	@Test
	void everyFixtureResourceIdNamesAResourceOfTheServer() {
		assertThat(this.api.getExperience(ExpFixture.EXPERIENCE_1)).isPresent();
		assertThat(this.api.getLocation(ExpFixture.LOCATION_1)).isPresent();
		assertThat(this.api.getThing(ExpFixture.THING_1)).isPresent();
		assertThat(this.api.getFeed(ExpFixture.FEED_1)).isPresent();
		assertThat(this.api.getContent(ExpFixture.CONTENT_ROOT)).isPresent();
		assertThat(this.api.getContent(ExpFixture.CONTENT_FILE)).isPresent();
	}

}
