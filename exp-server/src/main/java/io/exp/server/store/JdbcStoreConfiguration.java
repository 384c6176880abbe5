package io.exp.server.store;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.exp.server.ExpServerProperties;
import org.flywaydb.core.Flyway;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * The JDBC store, chosen with {@code exp.server.store=jdbc}: a pooled data source from
 * {@code exp.server.jdbc.*} and the schema migrated with Flyway
 * ({@code classpath:io/exp/server/db}) before the store is used.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "exp.server.store", havingValue = "jdbc")
class JdbcStoreConfiguration {

	@Bean(destroyMethod = "close")
	HikariDataSource expServerDataSource(ExpServerProperties properties) {
		ExpServerProperties.Jdbc jdbc = properties.getJdbc();
		if (!StringUtils.hasText(jdbc.getUrl())) {
			throw new IllegalStateException("exp.server.store=jdbc needs exp.server.jdbc.url (and username, password)");
		}
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(jdbc.getUrl());
		dataSource.setUsername(jdbc.getUsername());
		dataSource.setPassword(jdbc.getPassword());
		dataSource.setPoolName("exp-server-store");
		return dataSource;
	}

	@Bean
	ResourceStore resourceStore(DataSource dataSource, JsonMapper json) {
		Flyway.configure().dataSource(dataSource).locations("classpath:io/exp/server/db").load().migrate();
		return new JdbcResourceStore(new JdbcTemplate(dataSource),
				new TransactionTemplate(new DataSourceTransactionManager(dataSource)), json);
	}

}
