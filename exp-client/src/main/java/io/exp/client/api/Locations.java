package io.exp.client.api;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

/**
 * Follows a document's {@code location: {uuid, zones: [{key}]}} link to its location and
 * zones.
 */
final class Locations {

	private Locations() {
	}

	static Mono<ExpLocation> of(ReactiveExpApiClient client, ExpDocument located) {
		String uuid = located.text("location", "uuid");
		return (uuid != null) ? client.getLocation(uuid) : Mono.empty();
	}

	static Mono<List<ExpZone>> zonesOf(ReactiveExpApiClient client, ExpDocument located) {
		Set<String> keys = zoneKeys(located.getDocument());
		return of(client, located)
			.map((location) -> location.getZones().stream().filter((zone) -> keys.contains(zone.getKey())).toList())
			.defaultIfEmpty(List.of());
	}

	private static Set<String> zoneKeys(Map<String, Object> document) {
		if (document.get("location") instanceof Map<?, ?> location && location.get("zones") instanceof List<?> zones) {
			return zones.stream()
				.filter(Map.class::isInstance)
				.map((zone) -> String.valueOf(((Map<?, ?>) zone).get("key")))
				.collect(Collectors.toSet());
		}
		return Set.of();
	}

}
