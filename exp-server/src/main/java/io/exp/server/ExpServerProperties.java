package io.exp.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the EXP server under {@code exp.server.*}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("exp.server")
public class ExpServerProperties {

	/**
	 * How long the tokens that the server issues stay valid.
	 */
	private Duration tokenLifetime = Duration.ofHours(1);

	/**
	 * Key that signs and verifies tokens, at least 32 bytes. Nodes of one cluster must
	 * share it. A random key is made at start when unset.
	 */
	private @Nullable String signingKey;

	/**
	 * Location of the fixture (JSON) with organizations, users, devices, consumer apps
	 * and resources.
	 */
	private String fixture = "classpath:io/exp/server/default-fixture.json";

	/**
	 * Largest accepted request body for data values and resource documents.
	 */
	private long maxDocumentSize = 16777216;

	/**
	 * Where resources are kept: "memory" (one process) or "jdbc" (a database shared by
	 * several nodes).
	 */
	private String store = "memory";

	/**
	 * Public base URL of this server as clients reach it, for example
	 * https://exp.example.com, given to them as api.host and (ws/wss) network.host at
	 * login. When unset, both are made from the login request's own URL, whose host the
	 * client chooses.
	 */
	private @Nullable String publicUrl;

	private final Jdbc jdbc = new Jdbc();

	private final Cors cors = new Cors();

	private final Login login = new Login();

	private final Pairing pairing = new Pairing();

	private final SocketIo socketio = new SocketIo();

	public Duration getTokenLifetime() {
		return this.tokenLifetime;
	}

	public void setTokenLifetime(Duration tokenLifetime) {
		this.tokenLifetime = tokenLifetime;
	}

	public @Nullable String getSigningKey() {
		return this.signingKey;
	}

	public void setSigningKey(@Nullable String signingKey) {
		this.signingKey = signingKey;
	}

	public String getFixture() {
		return this.fixture;
	}

	public void setFixture(String fixture) {
		this.fixture = fixture;
	}

	public long getMaxDocumentSize() {
		return this.maxDocumentSize;
	}

	public void setMaxDocumentSize(long maxDocumentSize) {
		this.maxDocumentSize = maxDocumentSize;
	}

	public String getStore() {
		return this.store;
	}

	public void setStore(String store) {
		this.store = store;
	}

	public @Nullable String getPublicUrl() {
		return this.publicUrl;
	}

	public void setPublicUrl(@Nullable String publicUrl) {
		this.publicUrl = publicUrl;
	}

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	public Cors getCors() {
		return this.cors;
	}

	public Login getLogin() {
		return this.login;
	}

	public Pairing getPairing() {
		return this.pairing;
	}

	public SocketIo getSocketio() {
		return this.socketio;
	}

	/**
	 * The database of the "jdbc" store; its schema is migrated with Flyway at start.
	 */
	public static class Jdbc {

		/**
		 * JDBC URL of the database, for example jdbc:postgresql://localhost:5432/exp.
		 */
		private @Nullable String url;

		/**
		 * Database user.
		 */
		private @Nullable String username;

		/**
		 * Database password.
		 */
		private @Nullable String password;

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

	}

	/**
	 * Which web pages of other origins may call the API ({@code /api/**}) from a browser.
	 * None may by default: a cross-origin preflight is refused with 403 until
	 * allowed-origins names the page's origin.
	 */
	public static class Cors {

		/**
		 * Origins allowed to call the API from a browser, for example
		 * https://app.example.com, or "*" for any. Empty (the default): no cross-origin
		 * access.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * HTTP methods allowed in cross-origin calls: GET, POST, PUT, PATCH and DELETE by
		 * default.
		 */
		private List<String> allowedMethods = new ArrayList<>(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));

		/**
		 * Request headers allowed in cross-origin calls, or "*" for any: Authorization
		 * and Content-Type by default.
		 */
		private List<String> allowedHeaders = new ArrayList<>(List.of("Authorization", "Content-Type"));

		/**
		 * How long a browser may keep the answer to a preflight before asking again.
		 */
		private Duration maxAge = Duration.ofMinutes(30);

		/**
		 * Whether browsers may send credentials (cookies) with cross-origin calls, as the
		 * EXP JavaScript SDK's fetches do; the allowed origins must then be named (not
		 * "*").
		 */
		private boolean allowCredentials;

		public boolean isAllowCredentials() {
			return this.allowCredentials;
		}

		public void setAllowCredentials(boolean allowCredentials) {
			this.allowCredentials = allowCredentials;
		}

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public List<String> getAllowedMethods() {
			return this.allowedMethods;
		}

		public void setAllowedMethods(List<String> allowedMethods) {
			this.allowedMethods = allowedMethods;
		}

		public List<String> getAllowedHeaders() {
			return this.allowedHeaders;
		}

		public void setAllowedHeaders(List<String> allowedHeaders) {
			this.allowedHeaders = allowedHeaders;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

	/**
	 * Checks of login requests: the login tokens of devices and consumer apps, and the
	 * throttling of failed logins.
	 */
	public static class Login {

		/**
		 * Furthest ahead of now that the exp claim of a device's or consumer app's login
		 * token may be; tokens that expire later, or without exp, are refused.
		 */
		private Duration maxTokenLifetime = Duration.ofHours(24);

		/**
		 * Difference allowed between the clocks of this server and of the devices and
		 * consumer apps, when their login tokens' exp and nbf claims are checked.
		 */
		private Duration clockSkew = Duration.ofSeconds(60);

		/**
		 * Failed logins of one account (a user of an organization, a device or a consumer
		 * app) within the failure window after which its logins are refused with 429
		 * until the window ends.
		 */
		private int maxFailuresPerAccount = 10;

		/**
		 * Failed logins from one client address within the failure window after which its
		 * logins are refused with 429 until the window ends. Behind a reverse proxy, set
		 * server.forward-headers-strategy so that the address is the client's, not the
		 * proxy's.
		 */
		private int maxFailuresPerAddress = 50;

		/**
		 * Window in which failed logins are counted, starting at the first failure.
		 */
		private Duration failureWindow = Duration.ofMinutes(5);

		/**
		 * Most accounts, and most client addresses, whose failed logins (and pairing
		 * logins) are remembered at once; beyond it the window that started first is
		 * forgotten.
		 */
		private int maxTrackedFailures = 10000;

		public Duration getMaxTokenLifetime() {
			return this.maxTokenLifetime;
		}

		public void setMaxTokenLifetime(Duration maxTokenLifetime) {
			this.maxTokenLifetime = maxTokenLifetime;
		}

		public Duration getClockSkew() {
			return this.clockSkew;
		}

		public void setClockSkew(Duration clockSkew) {
			this.clockSkew = clockSkew;
		}

		public int getMaxFailuresPerAccount() {
			return this.maxFailuresPerAccount;
		}

		public void setMaxFailuresPerAccount(int maxFailuresPerAccount) {
			this.maxFailuresPerAccount = maxFailuresPerAccount;
		}

		public int getMaxFailuresPerAddress() {
			return this.maxFailuresPerAddress;
		}

		public void setMaxFailuresPerAddress(int maxFailuresPerAddress) {
			this.maxFailuresPerAddress = maxFailuresPerAddress;
		}

		public Duration getFailureWindow() {
			return this.failureWindow;
		}

		public void setFailureWindow(Duration failureWindow) {
			this.failureWindow = failureWindow;
		}

		public int getMaxTrackedFailures() {
			return this.maxTrackedFailures;
		}

		public void setMaxTrackedFailures(int maxTrackedFailures) {
			this.maxTrackedFailures = maxTrackedFailures;
		}

	}

	/**
	 * Pairing: an unknown device logging in with allowPairing gets an identity that may
	 * only refresh its token, until a user adds it to an organization.
	 */
	public static class Pairing {

		/**
		 * Whether an unknown device may log in to be paired. When false, it is refused
		 * like any unknown device.
		 */
		private boolean enabled;

		/**
		 * Pairing logins from one client address within the pairing window after which
		 * they are refused with 429 until the window ends.
		 */
		private int maxLoginsPerAddress = 5;

		/**
		 * Window in which pairing logins are counted, starting at the first one.
		 */
		private Duration window = Duration.ofMinutes(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxLoginsPerAddress() {
			return this.maxLoginsPerAddress;
		}

		public void setMaxLoginsPerAddress(int maxLoginsPerAddress) {
			this.maxLoginsPerAddress = maxLoginsPerAddress;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

	}

	/**
	 * The socket.io event bus (Engine.IO 3) that devices running the original EXP SDKs
	 * speak, at /socket.io/ on the REST port, bridged onto the STOMP bus's channels.
	 */
	public static class SocketIo {

		/**
		 * Whether to serve socket.io at /socket.io/ (and the REST broadcasts and
		 * responses at /api/networks/current/) for devices and apps running the original
		 * EXP SDKs (see docs/protocol.md, Compatibility with the original SDKs). Its
		 * clients are held to the exp.server.bus.* limits: connections per identity,
		 * subscriptions, message size, and send-buffer-size-limit for what waits for a
		 * long-polling client, queued or in answers it has not read.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
