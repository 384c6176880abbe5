package io.exp.server;

import java.time.Duration;

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

}
