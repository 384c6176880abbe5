package io.exp.client.api;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.util.Assert;

/**
 * The EXP server nodes a client may talk to, one at a time: calls and the event bus use the current node and move
 * on to the next when it cannot be reached. One node (or a load balancer) is the usual case.
 *
 * @since 0.1.0
 */
public final class ExpNodes {

	private final List<URI> nodes;

	private final AtomicInteger current = new AtomicInteger();

	private ExpNodes(List<URI> nodes) {
		Assert.notEmpty(nodes, "At least one EXP node is required");
		this.nodes = List.copyOf(nodes);
	}

	/**
	 * Parses nodes from a comma-separated list of base URLs, for example
	 * {@code http://exp-a:9000,http://exp-b:9000}.
	 * @param baseUrls the base URLs
	 * @return the nodes
	 */
	public static ExpNodes parse(String baseUrls) {
		return new ExpNodes(Arrays.stream(baseUrls.split(","))
			.map(String::trim)
			.filter((url) -> !url.isEmpty())
			.map((url) -> URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url))
			.toList());
	}

	/**
	 * Returns the node in use.
	 * @return its base URI
	 */
	public URI current() {
		return this.nodes.get(Math.floorMod(this.current.get(), this.nodes.size()));
	}

	/**
	 * Reports that a node could not be reached: the next one becomes current, unless another caller moved on
	 * already.
	 * @param node the node that failed
	 */
	public void failed(URI node) {
		int index = this.current.get();
		if (this.nodes.get(Math.floorMod(index, this.nodes.size())).equals(node)) {
			this.current.compareAndSet(index, index + 1);
		}
	}

	/**
	 * Returns every node.
	 * @return the nodes' base URIs
	 */
	public List<URI> all() {
		return this.nodes;
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

}
