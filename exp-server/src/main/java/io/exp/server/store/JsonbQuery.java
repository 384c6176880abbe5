package io.exp.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@link ResourceQuery} as PostgreSQL SQL over the JSONB documents of one organization and kind, with the
 * in-memory store's semantics: a filter matches when any value reached at its path (through arrays, as
 * {@link DocumentPaths} does) equals it as text; sorting is by the first value at the path as text (missing sorts as
 * the empty string, code point order), ties in insertion order; the total counts every match before paging.
 * <p>
 * Paths and values reach the database only inside bind parameters: a path becomes a SQL/JSON path with every
 * segment quoted, a value a quoted SQL/JSON string (or a number or boolean literal, when it is one). A filter is two
 * conditions: a SQL/JSON path predicate the GIN index of migration V2 can answer, then the exact comparison.
 */
final class JsonbQuery {

	private static final String TABLE = "FROM exp_resource WHERE organization = ? AND kind = ?";

	// the first condition can use the GIN index and finds every document the second (exact) one matches;
	// "@??" is PostgreSQL's @? operator, its question mark escaped for the JDBC driver
	private static final String MATCHES = " AND document @?? CAST(? AS jsonpath)"
			+ " AND EXISTS (SELECT 1 FROM jsonb_path_query(document, CAST(? AS jsonpath)) v WHERE v #>> '{}' = ?)";

	private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?");

	private static final String SORT_KEY = "COALESCE((SELECT v #>> '{}' FROM jsonb_path_query(document,"
			+ " CAST(? AS jsonpath)) v WHERE jsonb_typeof(v) <> 'null' LIMIT 1), '') COLLATE \"C\"";

	private final String where;

	private final List<Object> whereArguments;

	private final ResourceQuery query;

	private JsonbQuery(String where, List<Object> whereArguments, ResourceQuery query) {
		this.where = where;
		this.whereArguments = whereArguments;
		this.query = query;
	}

	static JsonbQuery of(String organization, String kind, ResourceQuery query) {
		StringBuilder where = new StringBuilder(TABLE);
		List<Object> arguments = new ArrayList<>(List.of(organization, kind));
		for (Map.Entry<String, String> filter : query.filters().entrySet()) {
			where.append(MATCHES);
			arguments.add(candidates(filter.getKey(), filter.getValue()));
			arguments.add(jsonPath(filter.getKey()));
			arguments.add(filter.getValue());
		}
		return new JsonbQuery(where.toString(), List.copyOf(arguments), query);
	}

	String countSql() {
		return "SELECT count(*) " + this.where;
	}

	Object[] countArguments() {
		return this.whereArguments.toArray();
	}

	String pageSql() {
		String sort = this.query.sort();
		String order = (sort == null) ? "seq" : SORT_KEY + (sort.startsWith("-") ? " DESC" : " ASC") + ", seq";
		return "SELECT document " + this.where + " ORDER BY " + order + " LIMIT ? OFFSET ?";
	}

	Object[] pageArguments() {
		List<Object> arguments = new ArrayList<>(this.whereArguments);
		String sort = this.query.sort();
		if (sort != null) {
			arguments.add(jsonPath(sort.startsWith("-") ? sort.substring(1) : sort));
		}
		arguments.add(this.query.limit());
		arguments.add(this.query.skip());
		return arguments.toArray();
	}

	/**
	 * Returns a SQL/JSON path predicate the GIN index answers: a value at the path equal to the filter as a string,
	 * or as the number or boolean whose text it is. Every document whose value has the filter as its text is among
	 * them; the exact comparison as text follows.
	 */
	static String candidates(String dottedPath, String value) {
		StringBuilder predicate = new StringBuilder(jsonPath(dottedPath)).append(" ? (@ == ").append(quoted(value));
		if (NUMBER.matcher(value).matches() || "true".equals(value) || "false".equals(value)) {
			predicate.append(" || @ == ").append(value);
		}
		return predicate.append(')').toString();
	}

	/**
	 * Returns the SQL/JSON path of a dotted path: lax mode looks into arrays on the way, {@code [*]} into an array
	 * at the end, as {@link DocumentPaths} does.
	 */
	static String jsonPath(String dottedPath) {
		StringBuilder path = new StringBuilder("lax $");
		for (String segment : dottedPath.split("\\.", -1)) {
			path.append('.').append(quoted(segment));
		}
		return path.append("[*]").toString();
	}

	private static String quoted(String text) {
		return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
	}

}
