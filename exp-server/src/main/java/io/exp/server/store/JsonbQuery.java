package io.exp.server.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A {@link ResourceQuery} as PostgreSQL SQL over the JSONB documents of one organization
 * and kind, with the in-memory store's semantics: a filter matches when any value reached
 * at its path (through arrays, as {@link DocumentPaths} does) equals it as text; sorting
 * is by the first value at the path as text (missing sorts as the empty string), ties in
 * insertion order; the total counts every match before paging. A value's text is the one
 * Java gives it once read back ({@code exp_java_text}, migration V3): JSONB keeps 1.0E-5
 * as 0.000010.
 * <p>
 * Paths and values reach the database only inside bind parameters: a path becomes a
 * SQL/JSON path with every segment quoted, a value a quoted SQL/JSON string (or a number
 * or boolean literal, when it is one). A filter is two conditions: a SQL/JSON path
 * predicate the GIN index of migration V2 can answer, then the exact comparison. A filter
 * with text no document can hold (a NUL character, an unpaired surrogate) matches
 * nothing.
 * <p>
 * Sorting compares UTF-8 bytes ({@code COLLATE "C"}), that is code points; Java compares
 * UTF-16 units, which differs only between characters above U+FFFF and characters from
 * U+E000 to U+FFFF.
 */
final class JsonbQuery {

	private static final String TABLE = "FROM exp_resource WHERE organization = ? AND kind = ?";

	// the first condition can use the GIN index and finds every document the second
	// (exact) one matches;
	// "@??" is PostgreSQL's @? operator, its question mark escaped for the JDBC driver
	private static final String MATCHES = " AND document @?? CAST(? AS jsonpath) AND EXISTS (SELECT 1"
			+ " FROM jsonb_path_query(document, CAST(? AS jsonpath)) v WHERE exp_java_text(v) = ?)";

	// the numbers exp_java_text writes: plain, or scientific as Java writes doubles
	private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?(E-?[0-9]+)?");

	private static final String SORT_KEY = "COALESCE((SELECT exp_java_text(v) FROM jsonb_path_query(document,"
			+ " CAST(? AS jsonpath)) v WHERE jsonb_typeof(v) <> 'null' LIMIT 1), '') COLLATE \"C\"";

	private final String where;

	private final List<Object> whereArguments;

	private final @Nullable String sortPath;

	private final boolean descending;

	private final int limit;

	private final int skip;

	private JsonbQuery(String where, List<Object> whereArguments, @Nullable String sortPath, boolean descending,
			int limit, int skip) {
		this.where = where;
		this.whereArguments = whereArguments;
		this.sortPath = sortPath;
		this.descending = descending;
		this.limit = limit;
		this.skip = skip;
	}

	static JsonbQuery of(String organization, String kind, ResourceQuery query) {
		StringBuilder where = new StringBuilder(TABLE);
		List<Object> arguments = new ArrayList<>(List.of(organization, kind));
		if (query.filters().entrySet().stream().allMatch(JsonbQuery::storable)) {
			for (Map.Entry<String, String> filter : query.filters().entrySet()) {
				where.append(MATCHES);
				arguments.add(candidates(filter.getKey(), filter.getValue()));
				arguments.add(jsonPath(filter.getKey()));
				arguments.add(filter.getValue());
			}
		}
		else {
			// no document holds such text, and PostgreSQL would refuse a NUL in a
			// parameter
			where.append(" AND false");
		}
		String sort = query.sort();
		boolean descending = sort != null && sort.startsWith("-");
		String sortPath = (sort != null) ? (descending ? sort.substring(1) : sort) : null;
		// a path no document holds sorts every match as "": insertion order, in both
		// directions
		return new JsonbQuery(where.toString(), List.copyOf(arguments),
				(sortPath != null && PostgresText.storable(sortPath)) ? jsonPath(sortPath) : null, descending,
				query.limit(), query.skip());
	}

	String countSql() {
		return "SELECT count(*) " + this.where;
	}

	Object[] countArguments() {
		return this.whereArguments.toArray();
	}

	String pageSql() {
		String order = (this.sortPath != null) ? SORT_KEY + (this.descending ? " DESC" : " ASC") + ", seq" : "seq";
		return "SELECT document " + this.where + " ORDER BY " + order + " LIMIT ? OFFSET ?";
	}

	Object[] pageArguments() {
		List<Object> arguments = new ArrayList<>(this.whereArguments);
		if (this.sortPath != null) {
			arguments.add(this.sortPath);
		}
		arguments.add(this.limit);
		arguments.add(this.skip);
		return arguments.toArray();
	}

	/**
	 * Returns a SQL/JSON path predicate the GIN index answers: a value at the path equal
	 * to the filter as a string, or as the number or boolean whose text it is. Every
	 * document whose value has the filter as its text is among them; the exact comparison
	 * as text follows.
	 */
	static String candidates(String dottedPath, String value) {
		StringBuilder predicate = new StringBuilder(jsonPath(dottedPath)).append(" ? (@ == ").append(quoted(value));
		if (numeric(value) || "true".equals(value) || "false".equals(value)) {
			predicate.append(" || @ == ").append(value);
		}
		return predicate.append(')').toString();
	}

	/**
	 * Returns the SQL/JSON path of a dotted path, split as {@link DocumentPaths} splits
	 * it: lax mode looks into arrays on the way (one level, as {@link DocumentPaths}
	 * does), {@code [*]} into an array at the end.
	 */
	static String jsonPath(String dottedPath) {
		StringBuilder path = new StringBuilder("lax $");
		for (String segment : DocumentPaths.segments(dottedPath)) {
			path.append('.').append(quoted(segment));
		}
		return path.append("[*]").toString();
	}

	/**
	 * Whether the text is a number a JSONB value can be: PostgreSQL refuses a SQL/JSON
	 * path with a number beyond its {@code numeric} (131,072 digits before the point,
	 * 16,383 after).
	 */
	private static boolean numeric(String value) {
		if (!NUMBER.matcher(value).matches()) {
			return false;
		}
		try {
			BigDecimal number = new BigDecimal(value);
			// in long: an exponent near Integer.MAX_VALUE overflows the difference in int
			return (long) number.precision() - number.scale() <= 131072 && number.scale() <= 16383;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static String quoted(String text) {
		return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
	}

	private static boolean storable(Map.Entry<String, String> filter) {
		return PostgresText.storable(filter.getKey()) && PostgresText.storable(filter.getValue());
	}

}
