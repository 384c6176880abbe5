package io.exp.server.store;

import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

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

	@Test
	void selectiveFieldFiltersAreAnsweredByTheDocumentIndex() {
		for (int i = 0; i < 2000; i++) {
			store().put("exp", "devices", "d" + i, Map.of("uuid", "d" + i, "location",
					Map.of("zones", List.of(Map.of("key", "zone-" + i)))));
		}
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("ANALYZE exp_resource");
		JsonbQuery query = JsonbQuery.of("exp", "devices", ResourceQuery.filter(Map.of("location.zones.key", "zone-7")));
		String plan = String.join("\n",
				jdbc.queryForList("EXPLAIN " + query.countSql(), String.class, query.countArguments()));
		assertThat(plan).contains("Bitmap Index Scan on exp_resource_document");
		assertThat(store().find("exp", "devices", ResourceQuery.filter(Map.of("location.zones.key", "zone-7")))
			.results()).extracting((d) -> d.get("uuid")).containsExactly("d7");
	}

	@AfterEach
	void close() {
		this.dataSource.close();
	}

}
