package io.exp.server.store;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ResourceStore} does, run against each implementation: the in-memory store and the JDBC store
 * answer the same queries the same way.
 */
abstract class ResourceStoreContractTests {

	private ResourceStore store;

	protected abstract ResourceStore createStore();

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
		assertThat(this.store.get("acme", "devices", "a")).get().extracting((d) -> d.get("name"))
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

	private List<Object> names(ResourceQuery query) {
		return this.store.find("exp", "devices", query).results().stream().map((d) -> d.get("name")).toList();
	}

	private static ResourceQuery query(Map<String, String> parameters) {
		LinkedMultiValueMap<String, String> values = new LinkedMultiValueMap<>();
		parameters.forEach(values::add);
		return ResourceQuery.of(values);
	}

}
