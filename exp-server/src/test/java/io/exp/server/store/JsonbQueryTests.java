package io.exp.server.store;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonbQueryTests {

	@Test
	void dottedPathsBecomeQuotedLaxJsonPathsThatLookIntoArrays() {
		assertThat(JsonbQuery.jsonPath("location.zones.key")).isEqualTo("lax $.\"location\".\"zones\".\"key\"[*]");
		assertThat(JsonbQuery.jsonPath("we\"ird\\")).isEqualTo("lax $.\"we\\\"ird\\\\\"[*]");
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
				"lax $.\"name\"[*] ? (@ == \"x' OR 1=1 --\")", "lax $.\"name\"[*]", "x' OR 1=1 --",
				"lax $.\"name\"[*]", 10, 20);
	}

	@Test
	void indexedCandidatesCompareAsStringAndAsTheNumberOrBooleanTheTextIs() {
		assertThat(JsonbQuery.candidates("size", "2.5")).isEqualTo("lax $.\"size\"[*] ? (@ == \"2.5\" || @ == 2.5)");
		assertThat(JsonbQuery.candidates("on", "true")).isEqualTo("lax $.\"on\"[*] ? (@ == \"true\" || @ == true)");
		assertThat(JsonbQuery.candidates("code", "007")).isEqualTo("lax $.\"code\"[*] ? (@ == \"007\")");
		assertThat(JsonbQuery.candidates("n", "1 || true")).isEqualTo("lax $.\"n\"[*] ? (@ == \"1 || true\")");
	}

}
