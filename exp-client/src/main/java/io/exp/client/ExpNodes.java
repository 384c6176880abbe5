package io.exp.client;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.util.Assert;

/**
 * The EXP server nodes a client may talk to, one at a time, and the one it starts with:
 * the first, or one chosen at random so that many clients spread over the nodes. One node
 * (or a load balancer) is the usual case. The API client and the event bus each follow
 * their own {@link Cursor}, moving on to the next node when theirs cannot be reached.
 *
 * @since 0.1.0
 */
public final class ExpNodes {

	private final List<URI> nodes;

	private final int start;

	private ExpNodes(List<URI> nodes, Order order) {
		Assert.notEmpty(nodes, "At least one EXP node is required");
		this.nodes = List.copyOf(nodes);
		this.start = (order == Order.RANDOM) ? ThreadLocalRandom.current().nextInt(this.nodes.size()) : 0;
	}

	/**
	 * Parses nodes from a comma-separated list of base URLs, for example
	 * {@code http://exp-a:9000,http://exp-b:9000}.
	 * @param baseUrls the base URLs; blank ones are skipped
	 * @param order which node to start with
	 * @return the nodes
	 */
	public static ExpNodes parse(String baseUrls, Order order) {
		return new ExpNodes(Arrays.stream(baseUrls.split(","))
			.map(String::trim)
			.filter((url) -> !url.isEmpty())
			.map((url) -> URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url))
			.toList(), order);
	}

	/**
	 * Returns every node, in the configured order.
	 * @return the nodes' base URIs
	 */
	public List<URI> all() {
		return this.nodes;
	}

	/**
	 * Returns a new cursor over these nodes, on the first node.
	 * @return the cursor
	 */
	public Cursor cursor() {
		return new Cursor();
	}

	/**
	 * Returns the WebSocket URL of a node's event bus.
	 * @param node a node's base URI
	 * @return {@code ws(s)://host:port/eventbus}
	 */
	public static String eventBusUrl(URI node) {
		return node.toString().replaceFirst("^http", "ws") + "/eventbus";
	}

	@Override
	public String toString() {
		return this.nodes.toString();
	}

	/**
	 * Which node clients start with.
	 */
	public enum Order {

		/** The first listed node, then the next. */
		ORDERED,

		/** A node chosen at random, then the next: clients spread over the nodes. */
		RANDOM

	}

	/**
	 * The node one user of the nodes (the API client, the event bus) talks to, moving on
	 * to the next when it fails.
	 */
	public final class Cursor {

		private final AtomicInteger position = new AtomicInteger(ExpNodes.this.start);

		private Cursor() {
		}

		/**
		 * Returns the node in use.
		 * @return its base URI
		 */
		public URI current() {
			return ExpNodes.this.nodes.get(Math.floorMod(this.position.get(), ExpNodes.this.nodes.size()));
		}

		/**
		 * Moves on from a node that could not be reached, unless this cursor moved on
		 * already.
		 * @param node the node that failed
		 */
		public void failed(URI node) {
			int index = this.position.get();
			if (ExpNodes.this.nodes.get(Math.floorMod(index, ExpNodes.this.nodes.size())).equals(node)) {
				this.position.compareAndSet(index, index + 1);
			}
		}

	}

}
