package io.exp.server.store;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonbQueryTests {

	@Test
	void dottedPathsBecomeQuotedLaxJsonPathsThatLookIntoArrays() {
		assertThat(JsonbQuery.jsonPath("location.zones.key")).isEqualTo("lax $.\"location\".\"zones\".\"key\"[*]");
		assertThat(JsonbQuery.jsonPath("we\"ird\\")).isEqualTo("lax $.\"we\\\"ird\\\\\"[*]");
		assertThat(JsonbQuery.jsonPath("a..b.")).isEqualTo("lax $.\"a\".\"\".\"b\"[*]");
	}

	@Test
	void filtersSortAndPagingRunInTheDatabaseWithEveryValueBound() {
		JsonbQuery query = JsonbQuery.of("exp", "devices",
				new ResourceQuery(Map.of("name", "x' OR 1=1 --"), 10, 20, "-name"));
		assertThat(query.countSql()).doesNotContain("x'").contains("jsonb_path_query");
		assertThat(query.countArguments()).containsExactly("exp", "devices",
				"lax $.\"name\"[*] ? (@ == \"x' OR 1=1 --\")", "lax $.\"name\"[*]", "x' OR 1=1 --");
		assertThat(query.pageSql()).doesNotContain("x'").contains("DESC, seq").endsWith("LIMIT ? OFFSET ?");
		assertThat(query.pageArguments()).containsExactly("exp", "devices",
				"lax $.\"name\"[*] ? (@ == \"x' OR 1=1 --\")", "lax $.\"name\"[*]", "x' OR 1=1 --", "lax $.\"name\"[*]",
				10, 20);
	}

	@Test
	void textPostgresqlCannotHoldNeverReachesIt() {
		JsonbQuery query = JsonbQuery.of("exp", "devices",
				new ResourceQuery(Map.of("name", "a\u0000b", "uuid", "x"), 10, 0, "-na\ud800me"));
		assertThat(query.countSql()).endsWith("AND kind = ? AND false");
		assertThat(query.countArguments()).containsExactly("exp", "devices");
		assertThat(query.pageSql()).endsWith("AND false ORDER BY seq LIMIT ? OFFSET ?");
		assertThat(query.pageArguments()).containsExactly("exp", "devices", 10, 0);
	}

	@Test
	void indexedCandidatesCompareAsStringAndAsTheNumberOrBooleanTheTextIs() {
		assertThat(JsonbQuery.candidates("size", "2.5")).isEqualTo("lax $.\"size\"[*] ? (@ == \"2.5\" || @ == 2.5)");
		assertThat(JsonbQuery.candidates("on", "true")).isEqualTo("lax $.\"on\"[*] ? (@ == \"true\" || @ == true)");
		assertThat(JsonbQuery.candidates("code", "007")).isEqualTo("lax $.\"code\"[*] ? (@ == \"007\")");
		assertThat(JsonbQuery.candidates("n", "1 || true")).isEqualTo("lax $.\"n\"[*] ? (@ == \"1 || true\")");
		assertThat(JsonbQuery.candidates("x", "-1.0E-5"))
			.isEqualTo("lax $.\"x\"[*] ? (@ == \"-1.0E-5\" || @ == -1.0E-5)");
		assertThat(JsonbQuery.candidates("x", "1E131071")).endsWith("|| @ == 1E131071)");
		assertThat(JsonbQuery.candidates("x", "1E131072")).isEqualTo("lax $.\"x\"[*] ? (@ == \"1E131072\")");
		assertThat(JsonbQuery.candidates("x", "1.5E-16383")).isEqualTo("lax $.\"x\"[*] ? (@ == \"1.5E-16383\")");
		assertThat(JsonbQuery.candidates("x", "1e5")).isEqualTo("lax $.\"x\"[*] ? (@ == \"1e5\")");
	}

}
