package io.exp.client;

import java.net.URI;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which node a client starts with, and how it moves on.
 */
class ExpNodesTests {

	private static final String THREE = "http://exp-a:9000,http://exp-b:9000/, http://exp-c:9000,";

	@Test
	void orderedNodesAlwaysStartWithTheFirst() {
		for (int client = 0; client < 20; client++) {
			assertThat(ExpNodes.parse(THREE, ExpNodes.Order.ORDERED).cursor().current())
				.isEqualTo(URI.create("http://exp-a:9000"));
		}
	}

	@Test
	void randomOrderSpreadsClientsOverEveryNode() {
		Set<URI> starts = new HashSet<>();
		for (int client = 0; client < 200; client++) {
			starts.add(ExpNodes.parse(THREE, ExpNodes.Order.RANDOM).cursor().current());
		}
		assertThat(starts).containsExactlyInAnyOrder(URI.create("http://exp-a:9000"), URI.create("http://exp-b:9000"),
				URI.create("http://exp-c:9000"));
	}

	@Test
	void everyCursorOfOneClientStartsOnTheSameNode() {
		for (int client = 0; client < 20; client++) {
			ExpNodes nodes = ExpNodes.parse(THREE, ExpNodes.Order.RANDOM);
			assertThat(nodes.cursor().current()).isEqualTo(nodes.cursor().current());
		}
	}

	@Test
	void aCursorMovesOnOncePerFailedNodeAndWrapsAround() {
		ExpNodes nodes = ExpNodes.parse(THREE, ExpNodes.Order.ORDERED);
		ExpNodes.Cursor cursor = nodes.cursor();
		ExpNodes.Cursor other = nodes.cursor();
		cursor.failed(URI.create("http://exp-a:9000"));
		cursor.failed(URI.create("http://exp-a:9000"));
		assertThat(cursor.current()).isEqualTo(URI.create("http://exp-b:9000"));
		assertThat(other.current()).isEqualTo(URI.create("http://exp-a:9000"));
		cursor.failed(URI.create("http://exp-b:9000"));
		cursor.failed(URI.create("http://exp-c:9000"));
		assertThat(cursor.current()).isEqualTo(URI.create("http://exp-a:9000"));
	}

}
