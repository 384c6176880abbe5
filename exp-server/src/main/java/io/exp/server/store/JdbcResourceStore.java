package io.exp.server.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps resources in a relational database (PostgreSQL, JSONB documents), so several
 * server nodes answer the same REST calls with the same data. Finds run in the database
 * ({@link JsonbQuery}: filters, sort, paging and the total), with the same semantics as
 * the in-memory store; one contract test suite runs against both.
 * <p>
 * Ids and documents the database cannot hold are refused with
 * {@link IllegalArgumentException} before they reach it: an id longer than 500
 * characters, a NUL character or an unpaired surrogate in an id or anywhere in a
 * document.
 *
 * @since 0.1.0
 */
public class JdbcResourceStore implements ResourceStore {

	private static final TypeReference<Map<String, Object>> DOCUMENT = new TypeReference<>() {
	};

	// the size of exp_resource.id (migration V1), in characters
	private static final int MAX_ID_LENGTH = 500;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final TransactionTemplate snapshots;

	private final JsonMapper json;

	/**
	 * Creates a store over a migrated database.
	 * @param jdbc the JDBC template
	 * @param transactions transactions for atomic updates
	 * @param json the JSON mapper for documents
	 */
	public JdbcResourceStore(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.snapshots = new TransactionTemplate(transactions.getTransactionManager());
		this.snapshots.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.snapshots.setReadOnly(true);
		this.json = json;
	}

	@Override
	public ResultPage find(String organization, String kind, ResourceQuery query) {
		JsonbQuery sql = JsonbQuery.of(organization, kind, query);
		// one snapshot for both statements, so the total and the page agree under
		// concurrent writes
		return this.snapshots.execute((status) -> {
			Long total = this.jdbc.queryForObject(sql.countSql(), Long.class, sql.countArguments());
			List<Map<String, Object>> page = this.jdbc.query(sql.pageSql(), (row, index) -> read(row.getString(1)),
					sql.pageArguments());
			return new ResultPage((total != null) ? total : 0, page);
		});
	}

	@Override
	public Optional<Map<String, Object>> get(String organization, String kind, String id) {
		return this.jdbc
			.query("SELECT document FROM exp_resource WHERE organization = ? AND kind = ? AND id = ?",
					(row, index) -> read(row.getString(1)), organization, kind, storable(id))
			.stream()
			.findFirst();
	}

	@Override
	public Map<String, Object> put(String organization, String kind, String id, Map<String, Object> document) {
		PostgresText.requireStorable(document);
		this.jdbc.update(
				"INSERT INTO exp_resource (organization, kind, id, document) VALUES (?, ?, ?, ?::jsonb) "
						+ "ON CONFLICT (organization, kind, id) DO UPDATE SET document = EXCLUDED.document",
				organization, kind, storable(id), this.json.writeValueAsString(document));
		return InMemoryResourceStore.copy(document);
	}

	@Override
	public Optional<Map<String, Object>> update(String organization, String kind, String id,
			UnaryOperator<Map<String, Object>> change) {
		return this.transactions.execute((status) -> {
			List<Map<String, Object>> current = this.jdbc.query(
					"SELECT document FROM exp_resource WHERE organization = ? AND kind = ? AND id = ? FOR UPDATE",
					(row, index) -> read(row.getString(1)), organization, kind, storable(id));
			if (current.isEmpty()) {
				return Optional.<Map<String, Object>>empty();
			}
			Map<String, Object> updated = change.apply(current.get(0));
			PostgresText.requireStorable(updated);
			this.jdbc.update(
					"UPDATE exp_resource SET document = ?::jsonb WHERE organization = ? AND kind = ? AND id = ?",
					this.json.writeValueAsString(updated), organization, kind, id);
			return Optional.of(updated);
		});
	}

	@Override
	public boolean delete(String organization, String kind, String id) {
		return this.jdbc.update("DELETE FROM exp_resource WHERE organization = ? AND kind = ? AND id = ?", organization,
				kind, storable(id)) > 0;
	}

	private static String storable(String id) {
		if (id.codePointCount(0, id.length()) > MAX_ID_LENGTH || !PostgresText.storable(id)) {
			throw new IllegalArgumentException("An id must be at most " + MAX_ID_LENGTH
					+ " characters, without a NUL character or an unpaired surrogate");
		}
		return id;
	}

	private Map<String, Object> read(String document) {
		return this.json.readValue(document, DOCUMENT);
	}

}
