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
	 * Key that signs and verifies tokens, at least 32 bytes. Nodes of one cluster must share it. A random key is made
	 * at start when unset.
	 */
	private @Nullable String signingKey;

	/**
	 * Location of the fixture (JSON) with organizations, users, devices, consumer apps and resources.
	 */
	private String fixture = "classpath:io/exp/server/default-fixture.json";

	/**
	 * Largest accepted request body for data values and resource documents.
	 */
	private long maxDocumentSize = 16777216;

	/**
	 * Where resources are kept: "memory" (one process) or "jdbc" (a database shared by several nodes).
	 */
	private String store = "memory";

	private final Jdbc jdbc = new Jdbc();

	private final Cors cors = new Cors();

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

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	public Cors getCors() {
		return this.cors;
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
	 * Which web pages of other origins may call the API ({@code /api/**}) from a browser. None may by default: a
	 * cross-origin preflight is refused with 403 until allowed-origins names the page's origin.
	 */
	public static class Cors {

		/**
		 * Origins allowed to call the API from a browser, for example https://app.example.com, or "*" for any.
		 * Empty (the default): no cross-origin access.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * HTTP methods allowed in cross-origin calls: GET, POST, PUT, PATCH and DELETE by default.
		 */
		private List<String> allowedMethods = new ArrayList<>(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));

		/**
		 * Request headers allowed in cross-origin calls, or "*" for any: Authorization and Content-Type by default.
		 */
		private List<String> allowedHeaders = new ArrayList<>(List.of("Authorization", "Content-Type"));

		/**
		 * How long a browser may keep the answer to a preflight before asking again.
		 */
		private Duration maxAge = Duration.ofMinutes(30);

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

}
