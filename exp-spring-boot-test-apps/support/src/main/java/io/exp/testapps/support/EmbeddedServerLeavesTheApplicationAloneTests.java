package io.exp.testapps.support;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import io.exp.boot.test.EmbeddedExpServer;
import io.exp.boot.test.ExpFixture;
import io.exp.boot.test.ExpTestServer;
import io.exp.client.api.ExpApiClient;
import io.exp.client.api.ReactiveExpApiClient;
import io.exp.client.auth.ExpCredentials;
import io.exp.client.bus.ExpEventBus;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every test application proves, whatever its kind: with {@link EmbeddedExpServer}
 * the server's classes stay off its class path, none of the server's beans enter its
 * context, and its API client and {@code @ExpListen} work against the server. Each
 * application's test adds what its kind of application must keep (its context, its web
 * server).
 *
 * @since 0.1.0
 */
@EmbeddedExpServer
public abstract class EmbeddedServerLeavesTheApplicationAloneTests {

	/** Classes of the server's stack that none of the test applications has. */
	private static final List<String> SERVER_CLASSES = List.of("io.exp.server.ExpServer", "org.flywaydb.core.Flyway",
			"com.zaxxer.hikari.HikariDataSource", "org.springframework.jdbc.core.JdbcTemplate", "org.postgresql.Driver",
			"io.socket.socketio.server.SocketIoServer");

	@Autowired
	private ConfigurableApplicationContext context;

	@Autowired
	private ExpApiClient api;

	@Autowired
	private Greetings greetings;

	@Autowired
	private ExpTestServer server;

	/**
	 * Returns the application's context.
	 * @return the context
	 */
	protected ConfigurableApplicationContext context() {
		return this.context;
	}

	/**
	 * Whether a class is on the application's class path.
	 * @param className the class's name
	 * @return {@code true} if the application's class loader finds it
	 */
	protected boolean onTheClassPath(String className) {
		return ClassUtils.isPresent(className, this.context.getClassLoader());
	}

	/**
	 * Checks that the application answers {@code GET /hello} with {@code hello}.
	 * @param port the port of the application's web server
	 */
	protected void assertServesHello(int port) {
		WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.build()
			.get()
			.uri("/hello")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("hello");
	}

	@Test
	void theServersClassesStayOffTheApplicationsClassPath() {
		assertThat(SERVER_CLASSES).noneMatch(this::onTheClassPath);
	}

	@Test
	void noBeanOfTheServerEntersTheApplicationsContext() {
		List<String> types = Arrays.stream(this.context.getBeanDefinitionNames())
			.map(this.context::getType)
			.filter(Objects::nonNull)
			.map(Class::getName)
			.toList();
		assertThat(types).noneMatch((type) -> type.startsWith("io.exp.server."));
		assertThat(this.context.getBeanNamesForType(DataSource.class)).isEmpty();
	}

	@Test
	void theApplicationsApiClientReadsTheServersFixture() {
		assertThat(this.api.getDevice(ExpFixture.DEVICE_1)).isPresent();
	}

	@Test
	void theApplicationsListenerGetsADevicesBroadcast() throws InterruptedException {
		ReactiveExpApiClient client = ReactiveExpApiClient.builder()
			.baseUrl(this.server.getUrl())
			.credentials(ExpCredentials.device(ExpFixture.DEVICE_2, ExpFixture.DEVICE_2_SECRET, false))
			.build();
		ExpEventBus device = client.eventBus().build();
		device.start();
		try {
			device.organization().broadcast("greeting", Map.of("from", "device"));
			assertThat(this.greetings.next(Duration.ofSeconds(10))).isEqualTo(Map.of("from", "device"));
		}
		finally {
			device.stop();
			client.close();
		}
	}

}
