package io.exp.server.store;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ResourceStore} does, run against each implementation: the in-memory
 * store and the JDBC store answer the same queries the same way.
 */
abstract class ResourceStoreContractTests {

	private ResourceStore store;

	protected abstract ResourceStore createStore();

	protected ResourceStore store() {
		return this.store;
	}

	@BeforeEach
	void fill() {
		this.store = createStore();
		this.store.put("exp", "devices", "a", Map.of("uuid", "a", "name", "Alpha", "location",
				Map.of("uuid", "l1", "zones", List.of(Map.of("key", "lobby")))));
		this.store.put("exp", "devices", "b", Map.of("uuid", "b", "name", "Bravo", "count", 2));
		this.store.put("exp", "devices", "c", Map.of("uuid", "c", "name", "Charlie", "location",
				Map.of("uuid", "l1", "zones", List.of(Map.of("key", "entrance")))));
		this.store.put("acme", "devices", "a", Map.of("uuid", "a", "name", "Acme Alpha"));
	}

	@Test
	void getsOnlyTheOrganizationsDocument() {
		assertThat(this.store.get("exp", "devices", "a")).get().extracting((d) -> d.get("name")).isEqualTo("Alpha");
		assertThat(this.store.get("acme", "devices", "a")).get()
			.extracting((d) -> d.get("name"))
			.isEqualTo("Acme Alpha");
		assertThat(this.store.get("acme", "devices", "b")).isEmpty();
	}

	@Test
	void findsByDottedPathsThroughArraysInInsertionOrder() {
		assertThat(names(query(Map.of("location.uuid", "l1")))).containsExactly("Alpha", "Charlie");
		assertThat(names(query(Map.of("location.zones.key", "entrance")))).containsExactly("Charlie");
		assertThat(names(query(Map.of("count", "2")))).containsExactly("Bravo");
		assertThat(this.store.find("acme", "devices", query(Map.of())).total()).isEqualTo(1);
	}

	@Test
	void sortsAndPages() {
		ResultPage page = this.store.find("exp", "devices", query(Map.of("sort", "-name", "limit", "2", "skip", "1")));
		assertThat(page.total()).isEqualTo(3);
		assertThat(page.results()).extracting((d) -> d.get("name")).containsExactly("Bravo", "Alpha");
	}

	@Test
	void updatesAtomicallyAndDeletes() {
		assertThat(this.store.update("exp", "devices", "b", (d) -> {
			d.put("name", "Bravo 2");
			return d;
		})).get().extracting((d) -> d.get("name")).isEqualTo("Bravo 2");
		assertThat(this.store.get("exp", "devices", "b")).get().extracting((d) -> d.get("count")).isEqualTo(2);
		assertThat(this.store.update("acme", "devices", "b", (d) -> d)).isEmpty();
		assertThat(this.store.delete("acme", "devices", "b")).isFalse();
		assertThat(this.store.delete("exp", "devices", "b")).isTrue();
		assertThat(this.store.get("exp", "devices", "b")).isEmpty();
	}

	@Test
	void putReplacesTheWholeDocument() {
		this.store.put("exp", "devices", "a", Map.of("uuid", "a", "name", "Replaced"));
		assertThat(this.store.get("exp", "devices", "a")).get().isEqualTo(Map.of("uuid", "a", "name", "Replaced"));
		assertThat(names(query(Map.of()))).containsExactly("Replaced", "Bravo", "Charlie");
	}

	@Test
	void filtersCompareNumbersBooleansAndArraysOfValuesAsText() {
		this.store.put("exp", "things", "t1", Map.of("name", "one", "size", 2.5, "on", true, "tags",
				List.of("red", "blue"), "grid", List.of(Map.of("cells", List.of(Map.of("v", 1), Map.of("v", 7))))));
		this.store.put("exp", "things", "t2", Map.of("name", "two", "size", 3, "on", false, "tags", List.of("green")));
		assertThat(thingNames(Map.of("size", "2.5"))).containsExactly("one");
		assertThat(thingNames(Map.of("size", "3"))).containsExactly("two");
		assertThat(thingNames(Map.of("size", "3.0"))).isEmpty();
		assertThat(thingNames(Map.of("on", "false"))).containsExactly("two");
		assertThat(thingNames(Map.of("tags", "blue"))).containsExactly("one");
		assertThat(thingNames(Map.of("grid.cells.v", "7"))).containsExactly("one");
		assertThat(thingNames(Map.of("tags", "red", "on", "true"))).containsExactly("one");
		assertThat(thingNames(Map.of("tags", "red", "on", "false"))).isEmpty();
	}

	@Test
	void oddCharactersInPathsAndValuesAreDataNotSyntax() {
		this.store.put("exp", "things", "q", Map.of("name", "quoted", "we\"ird", "a\"b\\c' OR 1=1 --"));
		assertThat(thingNames(Map.of("we\"ird", "a\"b\\c' OR 1=1 --"))).containsExactly("quoted");
		assertThat(thingNames(Map.of("we\"ird", "' OR 1=1 --"))).isEmpty();
		assertThat(thingNames(Map.of("$..*", "x", "a)] || true", "y"))).isEmpty();
		this.store.put("exp", "things", "n",
				Map.of("name", "lines", "text", "two\nlines\tand \u00e9 \u2603 \ud83d\ude00"));
		assertThat(thingNames(Map.of("text", "two\nlines\tand \u00e9 \u2603 \ud83d\ude00"))).containsExactly("lines");
		assertThat(thingNames(Map.of("size", "007", "on", "1 || true"))).isEmpty();
	}

	@Test
	void sortingByAMissingFieldKeepsInsertionOrderBothWays() {
		assertThat(names(query(Map.of("sort", "missing")))).containsExactly("Alpha", "Bravo", "Charlie");
		assertThat(names(query(Map.of("sort", "-missing")))).containsExactly("Alpha", "Bravo", "Charlie");
		assertThat(names(query(Map.of("sort", "-location.uuid")))).containsExactly("Alpha", "Charlie", "Bravo");
	}

	@Test
	void skippingPastTheEndStillCountsEveryMatch() {
		ResultPage page = this.store.find("exp", "devices", query(Map.of("skip", "10")));
		assertThat(page.total()).isEqualTo(3);
		assertThat(page.results()).isEmpty();
	}

	@Test
	void largeKindsArePagedWithTheRightTotal() {
		for (int i = 0; i < 1500; i++) {
			this.store.put("exp", "feeds", "f" + i, Map.of("name", "feed " + i, "even", i % 2 == 0));
		}
		ResultPage last = this.store.find("exp", "feeds", query(Map.of("limit", "10", "skip", "1495")));
		assertThat(last.total()).isEqualTo(1500);
		assertThat(last.results()).extracting((d) -> d.get("name"))
			.containsExactly("feed 1495", "feed 1496", "feed 1497", "feed 1498", "feed 1499");
		ResultPage page = this.store.find("exp", "feeds", query(Map.of("even", "true", "limit", "10", "skip", "5")));
		assertThat(page.total()).isEqualTo(750);
		assertThat(page.results()).extracting((d) -> d.get("name"))
			.containsExactly("feed 10", "feed 12", "feed 14", "feed 16", "feed 18", "feed 20", "feed 22", "feed 24",
					"feed 26", "feed 28");
	}

	@Test
	void doublesCompareAndSortAsJavaWritesThem() {
		this.store.put("exp", "things", "small", Map.of("name", "small", "x", 1.0E-5));
		this.store.put("exp", "things", "big", Map.of("name", "big", "x", 12345678.5));
		this.store.put("exp", "things", "half", Map.of("name", "half", "x", 0.5));
		this.store.put("exp", "things", "negative", Map.of("name", "negative", "x", List.of(-2.5E-4, 0.001)));
		assertThat(thingNames(Map.of("x", "1.0E-5"))).containsExactly("small");
		assertThat(thingNames(Map.of("x", "1.23456785E7"))).containsExactly("big");
		assertThat(thingNames(Map.of("x", "-2.5E-4"))).containsExactly("negative");
		assertThat(thingNames(Map.of("x", "0.001"))).containsExactly("negative");
		assertThat(thingNames(Map.of("x", "0.000010"))).isEmpty();
		assertThat(thingNames(Map.of("x", "12345678.5"))).isEmpty();
		assertThat(thingNames(Map.of("x", "1.0e-5"))).isEmpty();
		assertThat(thingNames(new ResourceQuery(Map.of(), 10, 0, "x"))).containsExactly("negative", "half", "small",
				"big");
	}

	@Test
	void numbersNoDocumentCanHoldAreTextNotErrors() {
		this.store.put("exp", "things", "t", Map.of("name", "one", "x", 1));
		assertThat(thingNames(Map.of("x", "1E131072"))).isEmpty();
		assertThat(thingNames(Map.of("x", "1E99999999999"))).isEmpty();
		assertThat(thingNames(Map.of("x", "0." + "0".repeat(16383) + "1"))).isEmpty();
		assertThat(thingNames(Map.of("x", "1" + "0".repeat(131072)))).isEmpty();
	}

	@Test
	void pathsSplitOnDotsAsStringSplitDoes() {
		this.store.put("exp", "things", "t", Map.of("name", "one", "", Map.of("x", "empty key")));
		assertThat(thingNames(Map.of("name.", "one"))).containsExactly("one");
		assertThat(thingNames(Map.of("name..", "one"))).containsExactly("one");
		assertThat(thingNames(Map.of(".x", "empty key"))).containsExactly("one");
		assertThat(thingNames(Map.of(".name", "one"))).isEmpty();
		assertThat(thingNames(Map.of("name..x", "one"))).isEmpty();
	}

	@Test
	void textNoDocumentCanHoldMatchesNothingWithoutAnError() {
		this.store.put("exp", "things", "q", Map.of("name", "?", "nul", "a b"));
		assertThat(thingNames(Map.of("nul", "a\u0000b"))).isEmpty();
		assertThat(thingNames(Map.of("n\u0000ul", "a b"))).isEmpty();
		assertThat(thingNames(Map.of("name", "\ud800"))).isEmpty();
		assertThat(thingNames(Map.of("\udc00", "?"))).isEmpty();
		assertThat(this.store.find("exp", "things", ResourceQuery.filter(Map.of("name", "?", "nul", "\u0000"))).total())
			.isZero();
		assertThat(names(new ResourceQuery(Map.of(), 10, 0, "na\u0000me"))).containsExactly("Alpha", "Bravo",
				"Charlie");
		assertThat(names(new ResourceQuery(Map.of(), 10, 0, "-\ud800"))).containsExactly("Alpha", "Bravo", "Charlie");
	}

	@Test
	void pathsLookIntoOneLevelOfArraysAndSkipNulls() {
		Map<String, Object> document = new HashMap<>();
		document.put("name", "one");
		document.put("m", List.of(List.of(Map.of("k", 1)), Map.of("k", 2), Map.of("k", List.of(3, List.of(4)))));
		document.put("n", null);
		document.put("z", Arrays.asList(null, "b", Arrays.asList("c", null)));
		this.store.put("exp", "things", "t", document);
		assertThat(thingNames(Map.of("m.k", "1"))).isEmpty();
		assertThat(thingNames(Map.of("m.k", "2"))).containsExactly("one");
		assertThat(thingNames(Map.of("m.k", "3"))).containsExactly("one");
		assertThat(thingNames(Map.of("m.k", "4"))).isEmpty();
		assertThat(thingNames(Map.of("n", "null"))).isEmpty();
		assertThat(thingNames(Map.of("z", "null"))).isEmpty();
		assertThat(thingNames(Map.of("z", "b"))).containsExactly("one");
		assertThat(thingNames(Map.of("z", "c"))).isEmpty();
		assertThat(thingNames(Map.of("z", ""))).isEmpty();
	}

	@Test
	void sortsByTheFirstValueAsTextWithTiesInInsertionOrderBothWays() {
		List<String> names = List.of("10", "9", "B", "a", "\u00e9", "z", "", "Z", "a", "\ud83d\ude00", "ab", "true");
		for (int i = 0; i < names.size(); i++) {
			this.store.put("exp", "things", "t" + i, Map.of("name", "t" + i, "key", names.get(i)));
		}
		assertThat(thingNames(new ResourceQuery(Map.of(), 100, 0, "key"))).containsExactly("t6", "t0", "t1", "t2", "t7",
				"t3", "t8", "t10", "t11", "t5", "t4", "t9");
		assertThat(thingNames(new ResourceQuery(Map.of(), 100, 0, "-key"))).containsExactly("t9", "t4", "t5", "t11",
				"t10", "t3", "t8", "t7", "t2", "t1", "t0", "t6");
	}

	@Test
	void sortsByTheFirstNonNullValueThroughArrays() {
		this.store.put("exp", "things", "t1", Map.of("name", "t1", "tags", List.of("m", "a")));
		this.store.put("exp", "things", "t2", Map.of("name", "t2", "tags", Arrays.asList(null, "b")));
		this.store.put("exp", "things", "t3", Map.of("name", "t3", "tags", List.of()));
		this.store.put("exp", "things", "t4", Map.of("name", "t4", "tags", "c"));
		this.store.put("exp", "things", "t5", Map.of("name", "t5", "items", List.of(Map.of("n", 3), Map.of("n", 1))));
		this.store.put("exp", "things", "t6", Map.of("name", "t6", "items", List.of(Map.of("x", 0), Map.of("n", 2))));
		assertThat(thingNames(new ResourceQuery(Map.of(), 100, 0, "tags"))).containsExactly("t3", "t5", "t6", "t2",
				"t4", "t1");
		assertThat(thingNames(new ResourceQuery(Map.of(), 100, 0, "-items.n"))).containsExactly("t5", "t6", "t1", "t2",
				"t3", "t4");
	}

	@Test
	void aZeroLimitOnlyCounts() {
		ResultPage page = this.store.find("exp", "devices", query(Map.of("location.uuid", "l1", "limit", "0")));
		assertThat(page.total()).isEqualTo(2);
		assertThat(page.results()).isEmpty();
	}

	private List<Object> thingNames(Map<String, String> filters) {
		return thingNames(ResourceQuery.filter(filters));
	}

	private List<Object> thingNames(ResourceQuery query) {
		return this.store.find("exp", "things", query).results().stream().map((d) -> d.get("name")).toList();
	}

	private List<Object> names(ResourceQuery query) {
		return this.store.find("exp", "devices", query).results().stream().map((d) -> d.get("name")).toList();
	}

	private static ResourceQuery query(Map<String, String> parameters) {
		LinkedMultiValueMap<String, String> values = new LinkedMultiValueMap<>();
		parameters.forEach(values::add);
		return ResourceQuery.of(values);
	}

}
