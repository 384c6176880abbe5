package io.exp.boot.autoconfigure;

import java.io.InputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.exp.client.ExpNodes;
import io.exp.client.ExpRequestException;
import io.exp.client.annotation.ExpListen;
import io.exp.client.annotation.ExpRespond;
import io.exp.client.api.ExpApiClient;
import io.exp.client.api.ReactiveExpApiClient;
import io.exp.client.auth.ExpCredentials;
import io.exp.client.bus.ExpChannel;
import io.exp.client.bus.ExpEventBus;
import io.exp.client.bus.ExpEventBusSettings;
import io.exp.client.bus.ExpTarget;
import io.exp.client.config.ExpEndpointRegistry;
import io.exp.client.event.ExpConnectionEvent;
import io.exp.client.event.ExpDiscontinuityEvent;
import io.exp.server.ExpServer;
import io.exp.server.fixture.DefaultFixture;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class ExpAutoConfigurationTests {

	private static ExpServer server;

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(ExpAutoConfiguration.class, ExpHealthAutoConfiguration.class, ExpMetricsAutoConfiguration.class));

	@BeforeAll
	static void start() {
		server = ExpServer.builder().start();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	private ApplicationContextRunner joe() {
		return this.runner.withPropertyValues("exp.host=http://localhost", "exp.port=" + server.getPort(),
				"exp.username=" + DefaultFixture.JOE, "exp.password=" + DefaultFixture.JOE_PASSWORD,
				"exp.organization=exp");
	}

	@Test
	void theApiClientAndTheEventBusUseTheContextsJsonMapper() {
		joe().withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class)).run((context) -> {
			JsonMapper jsonMapper = context.getBean(JsonMapper.class);
			assertThat(context.getBean(ReactiveExpApiClient.class).getJsonMapper()).isSameAs(jsonMapper);
			assertThat(context.getBean(ExpEventBus.class).getJsonMapper()).isSameAs(jsonMapper);
		});
	}

	@Test
	void withoutAJsonMapperInTheContextTheClientUsesAPlainOne() {
		joe().withPropertyValues("exp.event-bus.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(JsonMapper.class);
			assertThat(context.getBean(ReactiveExpApiClient.class).getJsonMapper()).isNotNull();
		});
	}

	@Test
	void userPropertiesGiveAnAuthenticatedApiClientAndAConnectedEventBus() {
		joe().run((context) -> {
			assertThat(context).hasSingleBean(ReactiveExpApiClient.class)
				.hasSingleBean(ExpApiClient.class)
				.hasSingleBean(ExpEventBus.class)
				.hasSingleBean(ExpEndpointRegistry.class);
			assertThat(context.getBean(ExpEventBus.class).isConnected()).isTrue();
			assertThat(context.getBean(ExpApiClient.class).findDevices()).isNotEmpty();
		});
	}

	@Test
	void theEventBusIsObservedWithTheContextsObservationRegistry() {
		joe().withBean(TestObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
			context.getBean(ExpEventBus.class)
				.organization()
				.requestAsync("ping", ExpTarget.device(DefaultFixture.DEVICE_1), null);
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.hasObservationWithNameEqualTo("exp.bus.request")
				.that()
				.hasLowCardinalityKeyValue("exp.request.name", "ping");
		});
	}

	@Test
	void deviceAndConsumerAppPropertiesBindToTheirCredentials() {
		this.runner
			.withPropertyValues("exp.event-bus.enabled=false", "exp.uuid=d1",
					"exp.secret=" + DefaultFixture.DEVICE_1_SECRET, "exp.allow-pairing=true")
			.run((context) -> assertThat(context.getBean(ExpConnectionDetails.class).getCredentials())
				.isEqualTo(ExpCredentials.device("d1", DefaultFixture.DEVICE_1_SECRET, true)));
		this.runner
			.withPropertyValues("exp.event-bus.enabled=false", "exp.uuid=c1",
					"exp.api-key=" + DefaultFixture.CONSUMER_APP_KEY)
			.run((context) -> assertThat(context.getBean(ExpConnectionDetails.class).getCredentials())
				.isEqualTo(ExpCredentials.consumerApp("c1", DefaultFixture.CONSUMER_APP_KEY)));
	}

	@Test
	void defaultsAreTheExpPythonSdksHostAndPort() {
		this.runner.withPropertyValues("exp.event-bus.enabled=false", "exp.uuid=c1", "exp.api-key=k")
			.run((context) -> assertThat(context.getBean(ExpConnectionDetails.class).getBaseUrl())
				.isEqualTo("http://localhost:9000"));
	}

	@Test
	void hostMayNameSeveralNodes() {
		this.runner
			.withPropertyValues("exp.event-bus.enabled=false", "exp.uuid=c1", "exp.api-key=k",
					"exp.host=http://exp-a:9001, http://exp-b", "exp.port=9002")
			.run((context) -> assertThat(context.getBean(ExpConnectionDetails.class).getBaseUrl())
				.isEqualTo("http://exp-a:9001,http://exp-b:9002"));
	}

	@Test
	void groupedSettingsBind() {
		this.runner
			.withPropertyValues("exp.event-bus.enabled=false", "exp.uuid=c1", "exp.api-key=k", "exp.api.timeout=3s",
					"exp.api.max-retries=5", "exp.event-bus.request-timeout=2s",
					"exp.event-bus.reconnect-max-backoff=1m", "exp.event-bus.virtual-threads=true")
			.run((context) -> {
				ExpProperties properties = context.getBean(ExpProperties.class);
				assertThat(properties.getApi().getTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(properties.getApi().getMaxRetries()).isEqualTo(5);
				assertThat(properties.getEventBus().getRequestTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(properties.getEventBus().getReconnectMaxBackoff()).isEqualTo(Duration.ofMinutes(1));
				assertThat(properties.getEventBus().isVirtualThreads()).isTrue();
			});
	}

	@Test
	void theEventBusIsDisabledByExpEventBusEnabled() {
		joe().withPropertyValues("exp.event-bus.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(ExpEventBus.class).hasSingleBean(ExpApiClient.class);
			assertThat(context.getBean(ExpProperties.class).getEventBus().isEnabled()).isFalse();
		});
	}

	@Test
	@SuppressWarnings("deprecation")
	void theDeprecatedExpEnableEventBusStillDisablesTheBus() {
		joe().withPropertyValues("exp.enable-event-bus=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(ExpEventBus.class);
			ExpProperties properties = context.getBean(ExpProperties.class);
			assertThat(properties.getEventBus().isEnabled()).isFalse();
			assertThat(properties.isEnableEventBus()).isFalse();
		});
	}

	@Test
	void theNewNameWinsOverTheDeprecatedOne() {
		joe().withPropertyValues("exp.enable-event-bus=false", "exp.event-bus.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(ExpEventBus.class));
	}

	@Test
	void theDeprecatedNameIsMarkedDeprecatedInTheMetadataWithItsReplacement() throws Exception {
		JsonNode metadata;
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			metadata = JsonMapper.builder().build().readTree(in);
		}
		Map<String, JsonNode> properties = new HashMap<>();
		metadata.get("properties").forEach((property) -> properties.put(property.get("name").asString(), property));
		assertThat(properties.get("exp.enable-event-bus").get("deprecation").get("replacement").asString())
			.isEqualTo("exp.event-bus.enabled");
		assertThat(properties.get("exp.event-bus.enabled").has("deprecation")).isFalse();
		assertThat(properties).containsKeys("exp.event-bus.handler-timeout", "exp.event-bus.shutdown-timeout",
				"exp.node-order", "exp.event-bus.max-message-size");
		assertThat(properties.values()).allSatisfy(
				(property) -> assertThat(property.has("description")).as(property.get("name").asString()).isTrue());
	}

	@Test
	void eventBusPropertiesReachTheBusSettings() {
		joe()
			.withPropertyValues("exp.event-bus.handler-timeout=3s", "exp.event-bus.shutdown-timeout=2s",
					"exp.event-bus.max-message-size=64KB", "exp.event-bus.request-timeout=4s",
					"exp.event-bus.handler-threads=7")
			.run((context) -> {
				ExpEventBusSettings settings = context.getBean(ExpEventBus.class).getSettings();
				assertThat(settings.handlerTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(settings.maxMessageSize()).isEqualTo(DataSize.ofKilobytes(64));
				assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(4));
				assertThat(settings.handlerThreads()).isEqualTo(7);
				assertThat(settings.startTimeout()).isEqualTo(ExpEventBusSettings.DEFAULTS.startTimeout());
			});
	}

	@Test
	void aMaxMessageSizeWithoutAUnitIsInBytes() {
		joe().withPropertyValues("exp.event-bus.enabled=false", "exp.event-bus.max-message-size=1000")
			.run((context) -> assertThat(context.getBean(ExpProperties.class).getEventBus().getMaxMessageSize())
				.isEqualTo(DataSize.ofBytes(1000)));
	}

	@Test
	void severalNodesBindAsAnIndexedList() {
		String expected = "http://exp-a:9000,http://exp-b:9001";
		this.runner
			.withPropertyValues("exp.event-bus.enabled=false", "exp.uuid=c1", "exp.api-key=k",
					"exp.host[0]=http://exp-a", "exp.host[1]=http://exp-b:9001")
			.run((context) -> assertThat(context.getBean(ExpConnectionDetails.class).getBaseUrl()).isEqualTo(expected));
	}

	@Test
	void theNodeOrderBinds() {
		this.runner
			.withPropertyValues("exp.event-bus.enabled=false", "exp.uuid=c1", "exp.api-key=k", "exp.node-order=random")
			.run((context) -> assertThat(context.getBean(ExpProperties.class).getNodeOrder())
				.isEqualTo(ExpNodes.Order.RANDOM));
	}

	@Test
	void resourcesAnswerGetChannelFromTheContextsEventBus() {
		joe().withPropertyValues("exp.event-bus.fail-on-start-timeout=false").run((context) -> {
			ExpChannel channel = context.getBean(ExpApiClient.class).findDevices().get(0).getChannel();
			assertThat(channel.getName()).isNotBlank();
			assertThat(channel.toString()).startsWith("ExpChannel[");
		});
	}

	@Test
	void withoutAnEventBusGetChannelSaysHowToEnableIt() {
		joe().withPropertyValues("exp.event-bus.enabled=false")
			.run((context) -> assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> context.getBean(ExpApiClient.class).findDevices().get(0).getChannel())
				.withMessageContaining("exp.event-bus.enabled"));
	}

	@Test
	void missingCredentialsFailTheStartNamingThePropertiesToSet() {
		this.runner.run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("No EXP credentials");
			assertThat(analysis.getAction()).contains("exp.username, exp.password and exp.organization")
				.contains("exp.uuid and exp.secret")
				.contains("exp.uuid and exp.api-key");
		});
	}

	@Test
	void incompleteUserCredentialsFailNamingWhatIsSet() {
		this.runner.withPropertyValues("exp.username=" + DefaultFixture.JOE, "exp.password=secret-value")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("incomplete")
					.contains("exp.username, exp.password")
					.doesNotContain("secret-value");
			});
	}

	@Test
	void ambiguousCredentialsFail() {
		this.runner.withPropertyValues("exp.uuid=x", "exp.secret=s", "exp.api-key=k")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("More than one kind"));
	}

	@Test
	void anUnreachableServerFailsTheStartNamingHostAndPort() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		joe().withPropertyValues("exp.port=" + closedPort, "exp.api.max-retries=0", "exp.event-bus.start-timeout=2s")
			.run((context) -> {
				FailureAnalysis analysis = new ExpStartupFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("localhost:" + closedPort);
				assertThat(analysis.getAction()).contains("exp.host").contains("exp.port");
			});
	}

	@Test
	void anApplicationAllowedToStartOfflineStartsWithoutTheServerAndSubscribesItsEndpointsWhenItComes()
			throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		joe()
			.withPropertyValues("exp.port=" + port, "exp.event-bus.start-timeout=1s",
					"exp.event-bus.fail-on-start-timeout=false", "exp.event-bus.reconnect-max-backoff=1s")
			.withBean(Greeter.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ExpEventBus bus = context.getBean(ExpEventBus.class);
				assertThat(bus.isConnected()).isFalse();
				try (ExpServer late = ExpServer.builder().port(port).start()) {
					await().atMost(Duration.ofSeconds(20)).until(bus::isConnected);
					bus.organization().broadcast("Hi!", "late");
					await().atMost(Duration.ofSeconds(10))
						.until(() -> context.getBean(Greeter.class).received.contains("late"));
				}
			});
	}

	@Test
	void aStoppedContextStartsAgainWithItsAnnotatedEndpointsAndNoBusThreadInBetween() {
		joe().withBean(Greeter.class).run((context) -> {
			ExpEventBus bus = context.getBean(ExpEventBus.class);
			for (int run = 1; run <= 2; run++) {
				context.stop();
				await().atMost(Duration.ofSeconds(10)).until(() -> threads("exp-bus-").isEmpty());
				context.start();
				bus.organization().broadcast("Hi!", run);
				int expected = run;
				await().atMost(Duration.ofSeconds(10))
					.until(() -> context.getBean(Greeter.class).received.contains(expected));
			}
		});
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void annotatedMethodsIgnoredForADisabledEventBusAreNamedInOneWarning(CapturedOutput output) {
		joe().withPropertyValues("exp.event-bus.enabled=false").withBean("greeter", Greeter.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).containsOnlyOnce("@ExpListen and @ExpRespond methods are ignored")
				.contains("greeter.hi")
				.contains("greeter.getSomething");
		});
	}

	@Test
	void withoutAWebClientBuilderTheClientsOwnHttpThreadsEndWithTheContext() {
		Set<Thread> before = threads("exp-http");
		Set<Thread> own = new HashSet<>();
		joe().withPropertyValues("exp.event-bus.enabled=false").run((context) -> {
			context.getBean(ExpApiClient.class).findDevices();
			own.addAll(threads("exp-http"));
			own.removeAll(before);
			assertThat(own).isNotEmpty();
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> own.stream().noneMatch(Thread::isAlive));
	}

	@Test
	void theContextsReactorResourceFactoryIsUsedWhenThereIsNoWebClientBuilder() {
		Set<Thread> before = threads("exp-http");
		joe().withPropertyValues("exp.event-bus.enabled=false").withBean(ReactorResourceFactory.class, () -> {
			ReactorResourceFactory factory = new ReactorResourceFactory();
			factory.setUseGlobalResources(false);
			factory.setLoopResourcesSupplier(() -> LoopResources.create("context-http"));
			return factory;
		}).run((context) -> {
			context.getBean(ExpApiClient.class).findDevices();
			Set<Thread> added = threads("exp-http");
			added.removeAll(before);
			assertThat(added).isEmpty();
			assertThat(threads("context-http")).isNotEmpty();
		});
	}

	@Test
	void refusedCredentialsFailTheStartNamingTheCredentialProperties() {
		joe().withPropertyValues("exp.password=not-joes-password").run((context) -> {
			FailureAnalysis analysis = new ExpStartupFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("user").doesNotContain("not-joes-password");
			assertThat(analysis.getAction()).contains("exp.username, exp.password and exp.organization");
		});
	}

	@Test
	void eventBusCanBeDisabled() {
		joe().withPropertyValues("exp.event-bus.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(ExpApiClient.class)
				.doesNotHaveBean(ExpEventBus.class)
				.doesNotHaveBean(ExpEndpointRegistry.class);
		});
	}

	@Test
	void usersOwnBeansWin() {
		ReactiveExpApiClient own = ReactiveExpApiClient.builder()
			.baseUrl(server.getUrl())
			.credentials(ExpCredentials.user(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp"))
			.build();
		this.runner.withPropertyValues("exp.event-bus.enabled=false")
			.withBean(ReactiveExpApiClient.class, () -> own)
			.run((context) -> {
				assertThat(context.getBean(ReactiveExpApiClient.class)).isSameAs(own);
				assertThat(context.getBean(ExpApiClient.class).reactive()).isSameAs(own);
			});
	}

	@Test
	void connectionDetailsBeanReplacesTheProperties() {
		this.runner.withBean(ExpConnectionDetails.class, () -> new ExpConnectionDetails() {

			@Override
			public String getBaseUrl() {
				return server.getUrl();
			}

			@Override
			public ExpCredentials getCredentials() {
				return ExpCredentials.user(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp");
			}

		}).run((context) -> assertThat(context.getBean(ExpEventBus.class).isConnected()).isTrue());
	}

	@Test
	void theContextsWebClientBuilderIsUsed() {
		List<String> seen = new CopyOnWriteArrayList<>();
		joe().withPropertyValues("exp.event-bus.enabled=false")
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class))
			.withBean(WebClientCustomizer.class, () -> (builder) -> builder.filter((request, next) -> {
				seen.add(request.url().getPath());
				return next.exchange(request);
			}))
			.run((context) -> {
				context.getBean(ExpApiClient.class).findDevices();
				assertThat(seen).contains("/api/auth/login", "/api/devices");
			});
	}

	@Test
	void onlineAndOfflineArePublishedAsApplicationEvents() {
		List<Boolean> events = new CopyOnWriteArrayList<>();
		joe()
			.withBean(ApplicationListener.class,
					() -> (ApplicationListener<ExpConnectionEvent>) (event) -> events.add(event.isOnline()))
			.run((context) -> assertThat(events).containsExactly(true));
		assertThat(events).containsExactly(true, false);
	}

	@Test
	void aDiscontinuityReachesAnEventListener() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		ExpServer first = ExpServer.builder().port(port).start();
		try {
			joe().withPropertyValues("exp.port=" + port, "exp.event-bus.reconnect-max-backoff=1s")
				.withBean(Greeter.class)
				.withBean(DiscontinuityListener.class)
				.run((context) -> {
					context.getBean(ExpEventBus.class).organization().broadcast("Hi!", 1);
					await().atMost(Duration.ofSeconds(10))
						.until(() -> context.getBean(Greeter.class).received.contains(1));
					first.stop();
					try (ExpServer restarted = ExpServer.builder().port(port).start()) {
						List<ExpDiscontinuityEvent> missed = context.getBean(DiscontinuityListener.class).missed;
						await().atMost(Duration.ofSeconds(20)).until(() -> !missed.isEmpty());
						assertThat(missed).singleElement()
							.satisfies((event) -> assertThat(event.getChannel().getName()).isEqualTo("organization"));
					}
				});
		}
		finally {
			first.close();
		}
	}

	@Test
	void subscriptionsResumeUnlessExpEventBusResumeIsFalse() {
		joe().run((context) -> assertThat(context.getBean(ExpEventBus.class).getSettings().resume()).isTrue());
		joe().withPropertyValues("exp.event-bus.resume=false")
			.run((context) -> assertThat(context.getBean(ExpEventBus.class).getSettings().resume()).isFalse());
	}

	@Test
	void healthIsUpWhenAuthenticatedAndConnected() {
		joe().run((context) -> {
			ExpHealthIndicator health = context.getBean(ExpHealthIndicator.class);
			assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
			assertThat(health.health(true).getDetails()).containsEntry("eventBus", "connected");
			context.getBean(ExpEventBus.class).stop();
			assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
		});
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		joe().withPropertyValues("management.health.exp.enabled=false", "exp.event-bus.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ExpHealthIndicator.class));
	}

	@Test
	void eventBusMetricsCountMessagesRequestsAndTheConnection() {
		joe().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			ExpEventBus bus = context.getBean(ExpEventBus.class);
			assertThat(registry.get("exp.eventbus.connected").gauge().value()).isEqualTo(1.0);
			bus.organization().broadcast("counted", null);
			assertThatExceptionOfType(ExpRequestException.class).isThrownBy(() -> bus.organization()
				.request("x", ExpTarget.device("d1000000-0000-4000-8000-000000000002"), null));
			assertThat(registry.get("exp.eventbus.messages")
				.tags("direction", "sent", "type", "broadcast")
				.counter()
				.count()).isEqualTo(1.0);
			assertThat(registry.get("exp.eventbus.requests").tag("outcome", "error").timer().count()).isEqualTo(1);
			assertThat(registry.get("exp.eventbus.messages")
				.tags("direction", "received", "type", "response")
				.counter()
				.count()).isEqualTo(1.0);
			bus.stop();
			assertThat(registry.get("exp.eventbus.connected").gauge().value()).isZero();
		});
	}

	private static Set<Thread> threads(String prefix) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith(prefix))
			.collect(Collectors.toSet());
	}

	static class DiscontinuityListener {

		final List<ExpDiscontinuityEvent> missed = new CopyOnWriteArrayList<>();

		@EventListener
		void missed(ExpDiscontinuityEvent event) {
			this.missed.add(event);
		}

	}

	static class Greeter {

		final List<Object> received = new CopyOnWriteArrayList<>();

		@ExpListen(channel = "organization", name = "Hi!")
		void hi(Object payload) {
			this.received.add(payload);
		}

		@ExpRespond(channel = "organization", name = "getSomething")
		String getSomething(Object payload) {
			return "Something";
		}

	}

	private static FailureAnalysis analyze(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && !(cause instanceof InvalidExpCredentialsException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("cause of " + failure).isNotNull();
		return new InvalidExpCredentialsFailureAnalyzer().analyze(failure);
	}

}
