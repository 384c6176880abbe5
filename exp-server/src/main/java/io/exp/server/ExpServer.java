package io.exp.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.exp.server.auth.LoginService;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.BrokerAvailability;
import io.exp.server.store.InMemoryResourceStore;
import io.exp.server.store.ResourceStore;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.Assert;

/**
 * An EXP server embedded in a test or an application: started on a free port, stopped,
 * and started again on the same port with the same signing key and data (to test
 * reconnects).
 *
 * <pre class="code">
 * try (ExpServer server = ExpServer.builder().tokenLifetime(Duration.ofSeconds(5)).start()) {
 *     String url = server.getUrl(); // http://localhost:PORT
 * }
 * </pre>
 *
 * @since 0.1.0
 */
public final class ExpServer implements AutoCloseable {

	private final Map<String, Object> properties;

	private final ResourceStore store = new InMemoryResourceStore();

	private int port;

	private @Nullable ConfigurableApplicationContext context;

	private ExpServer(Map<String, Object> properties, int port) {
		this.properties = properties;
		this.port = port;
	}

	/**
	 * Returns a builder for an embedded server.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Starts the server, or starts it again on the port it had.
	 * @return this server
	 */
	public synchronized ExpServer start() {
		if (this.context != null) {
			return this;
		}
		List<String> args = new ArrayList<>();
		this.properties.forEach((name, value) -> args.add("--" + name + "=" + value));
		args.add("--server.port=" + this.port);
		SpringApplication application = new SpringApplicationBuilder(ExpServerApplication.class)
			.web(WebApplicationType.SERVLET)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.properties("spring.config.name=exp-server")
			.initializers((context) -> {
				if (!"jdbc".equals(String.valueOf(this.properties.get("exp.server.store")))) {
					context.getBeanFactory().registerSingleton("resourceStore", this.store);
				}
			})
			.build();
		// the host application owns the logging system: the embedded server must not
		// reset it
		application.setListeners(application.getListeners()
			.stream()
			.filter((listener) -> !(listener instanceof LoggingApplicationListener))
			.toList());
		this.context = application.run(args.toArray(String[]::new));
		awaitBroker(this.context.getBean(BrokerAvailability.class));
		Integer actual = this.context.getEnvironment().getProperty("local.server.port", Integer.class);
		Assert.state(actual != null, "The embedded EXP server did not report its port");
		this.port = actual;
		return this;
	}

	private static void awaitBroker(BrokerAvailability broker) {
		try {
			Assert.state(broker.await(Duration.ofSeconds(30)), "The event bus broker did not become available");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stops the server, keeping its port, signing key and data for {@link #start()}.
	 */
	public synchronized void stop() {
		if (this.context != null) {
			this.context.close();
			this.context = null;
		}
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * Whether the server is running.
	 * @return {@code true} between {@link #start()} and {@link #stop()}
	 */
	public synchronized boolean isRunning() {
		return this.context != null;
	}

	/**
	 * Returns the port the server listens on (also while stopped: the port it will take
	 * again).
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

	/**
	 * Returns the server's base URL.
	 * @return {@code http://localhost:PORT}
	 */
	public String getUrl() {
		return "http://localhost:" + this.port;
	}

	/**
	 * Returns how many logins the running server has answered since it started.
	 * @return the login count
	 */
	public long getLoginCount() {
		return loginService().getLoginCount();
	}

	/**
	 * Returns how many token refreshes the running server has answered since it started.
	 * @return the refresh count
	 */
	public long getRefreshCount() {
		return loginService().getRefreshCount();
	}

	/**
	 * Returns a bean of the running server, for tests that look inside.
	 * @param <T> the bean type
	 * @param type the bean type
	 * @return the bean
	 */
	public synchronized <T> T getBean(Class<T> type) {
		Assert.state(this.context != null, "The EXP server is not running");
		return this.context.getBean(type);
	}

	/**
	 * Returns a bean of the running server by name, for tests that look inside.
	 * @param <T> the bean type
	 * @param name the bean name
	 * @param type the bean type
	 * @return the bean
	 */
	public synchronized <T> T getBean(String name, Class<T> type) {
		Assert.state(this.context != null, "The EXP server is not running");
		return this.context.getBean(name, type);
	}

	private LoginService loginService() {
		return getBean(LoginService.class);
	}

	/**
	 * Builds an {@link ExpServer}.
	 */
	public static final class Builder {

		private final Map<String, Object> properties = new LinkedHashMap<>();

		private int port;

		private Builder() {
			this.properties.put("exp.server.signing-key", TokenService.randomKey());
		}

		/**
		 * Sets the port.
		 * @param port the port, {@code 0} (the default) for a free one
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Sets how long issued tokens stay valid.
		 * @param lifetime the token lifetime
		 * @return this builder
		 */
		public Builder tokenLifetime(Duration lifetime) {
			return property("exp.server.token-lifetime", lifetime.toMillis() + "ms");
		}

		/**
		 * Sets the fixture to load.
		 * @param location a Spring resource location, for example
		 * {@code classpath:my-fixture.json}
		 * @return this builder
		 */
		public Builder fixture(String location) {
			return property("exp.server.fixture", location);
		}

		/**
		 * Sets any server or Spring property.
		 * @param name the property name
		 * @param value its value
		 * @return this builder
		 */
		public Builder property(String name, Object value) {
			this.properties.put(name, value);
			return this;
		}

		/**
		 * Starts the server.
		 * @return the running server
		 */
		public ExpServer start() {
			return new ExpServer(new LinkedHashMap<>(this.properties), this.port).start();
		}

	}

}
