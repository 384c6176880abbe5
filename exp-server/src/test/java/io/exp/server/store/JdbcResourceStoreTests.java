package io.exp.server.store;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class JdbcResourceStoreTests extends ResourceStoreContractTests {

	private HikariDataSource dataSource;

	@BeforeAll
	static void database() {
		TestDatabase.assumeAvailable();
	}

	@Override
	protected ResourceStore createStore() {
		this.dataSource = new HikariDataSource();
		this.dataSource.setJdbcUrl(TestDatabase.URL);
		this.dataSource.setUsername(TestDatabase.USER);
		this.dataSource.setPassword(TestDatabase.PASSWORD);
		Flyway.configure().dataSource(this.dataSource).locations("classpath:io/exp/server/db").load().migrate();
		new JdbcTemplate(this.dataSource).update("DELETE FROM exp_resource");
		return new JdbcResourceStore(new JdbcTemplate(this.dataSource),
				new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)), JsonMapper.builder().build());
	}

	@AfterEach
	void close() {
		this.dataSource.close();
	}

}
