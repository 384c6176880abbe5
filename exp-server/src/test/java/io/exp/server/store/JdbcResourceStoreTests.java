package io.exp.server.store;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

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

	private static TestDatabase.Coordinates database;

	private HikariDataSource dataSource;

	@BeforeAll
	static void database() {
		database = TestDatabase.clean();
	}

	@Override
	protected ResourceStore createStore() {
		this.dataSource = new HikariDataSource();
		this.dataSource.setJdbcUrl(database.url());
		this.dataSource.setUsername(database.user());
		this.dataSource.setPassword(database.password());
		Flyway.configure().dataSource(this.dataSource).locations("classpath:io/exp/server/db").load().migrate();
		new JdbcTemplate(this.dataSource).update("DELETE FROM exp_resource");
		return new JdbcResourceStore(new JdbcTemplate(this.dataSource),
				new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)),
				JsonMapper.builder().build());
	}

	@Test
	void selectiveFieldFiltersAreAnsweredByTheDocumentIndex() {
		for (int i = 0; i < 2000; i++) {
			store().put("exp", "devices", "d" + i,
					Map.of("uuid", "d" + i, "location", Map.of("zones", List.of(Map.of("key", "zone-" + i)))));
		}
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("ANALYZE exp_resource");
		JsonbQuery query = JsonbQuery.of("exp", "devices",
				ResourceQuery.filter(Map.of("location.zones.key", "zone-7")));
		String plan = String.join("\n",
				jdbc.queryForList("EXPLAIN " + query.countSql(), String.class, query.countArguments()));
		assertThat(plan).contains("Bitmap Index Scan on exp_resource_document");
		assertThat(
				store().find("exp", "devices", ResourceQuery.filter(Map.of("location.zones.key", "zone-7"))).results())
			.extracting((d) -> d.get("uuid"))
			.containsExactly("d7");
	}

	@Test
	void numbersReadBackAsJavaWritesThem() {
		Random random = new Random(42);
		List<String> numbers = new ArrayList<>(List.of("0.0", "-0.0", "1.0E7", "9999999.999", "0.001", "9.99E-4",
				"4.9E-324", "1.7976931348623157E308", "1.0E22", "12345678.5", "-1.0E-5", "123"));
		while (numbers.size() < 5000) {
			double number = switch (numbers.size() % 3) {
				case 0 -> Double.longBitsToDouble(random.nextLong());
				case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
				default -> (random.nextInt(2000000) - 1000000) * Math.pow(10, random.nextInt(24) - 12);
			};
			if (Double.isFinite(number)) {
				numbers.add(String.valueOf(number));
			}
		}
		new JdbcTemplate(this.dataSource).query(
				"SELECT CAST(n AS jsonb)::text, exp_java_text(CAST(n AS jsonb)) FROM unnest(CAST(? AS text[])) n",
				(row) -> {
					String stored = row.getString(1);
					// Jackson reads a number with a fraction as a double, any other as an
					// integer
					String java = stored.contains(".") ? String.valueOf(Double.parseDouble(stored))
							: new BigInteger(stored).toString();
					assertThat(row.getString(2)).as(stored).isEqualTo(java);
				}, (Object) numbers.toArray(String[]::new));
	}

	@AfterEach
	void close() {
		this.dataSource.close();
	}

}
