package io.exp.server.health;

import java.sql.Connection;
import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Up while the store's database answers: a connection from the pool is valid within the
 * given time.
 */
final class DatabaseHealthIndicator extends AbstractHealthIndicator {

	private final DataSource dataSource;

	private final int timeoutSeconds;

	DatabaseHealthIndicator(DataSource dataSource, Duration timeout) {
		super("The database's health could not be read");
		this.dataSource = dataSource;
		this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			if (connection.isValid(this.timeoutSeconds)) {
				builder.up();
			}
			else {
				builder.down();
			}
		}
	}

}
