package io.exp.server.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL database of the JDBC tests: {@code EXP_TEST_JDBC_URL} (user {@code EXP_TEST_JDBC_USER}, password
 * {@code EXP_TEST_JDBC_PASSWORD}), by default the one {@code .ci/services} installs. When it cannot be reached the
 * tests are skipped, and say so loudly.
 */
public final class TestDatabase {

	public static final String URL = env("EXP_TEST_JDBC_URL", "jdbc:postgresql://localhost:5432/exp_test");

	public static final String USER = env("EXP_TEST_JDBC_USER", "exp");

	public static final String PASSWORD = env("EXP_TEST_JDBC_PASSWORD", "exp");

	private TestDatabase() {
	}

	public static void assumeAvailable() {
		try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD)) {
			connection.createStatement().execute("DROP TABLE IF EXISTS exp_resource, flyway_schema_history");
			connection.createStatement()
				.execute("DROP FUNCTION IF EXISTS exp_java_text(jsonb), exp_java_scientific(numeric)");
		}
		catch (SQLException ex) {
			String message = "SKIPPED: PostgreSQL is not reachable at " + URL + " (" + ex.getMessage()
					+ "); run .ci/services (as root) to install and start it";
			System.err.println("!!! " + message);
			Assumptions.abort(message);
		}
	}

	public static Map<String, Object> serverProperties() {
		return Map.of("exp.server.store", "jdbc", "exp.server.jdbc.url", URL, "exp.server.jdbc.username", USER,
				"exp.server.jdbc.password", PASSWORD);
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
