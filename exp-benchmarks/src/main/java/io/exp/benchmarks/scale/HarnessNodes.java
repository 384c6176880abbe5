package io.exp.benchmarks.scale;

import io.exp.server.ExpServer;

/**
 * What the scale harnesses read of the nodes they run in their own JVM: the heap in use
 * after collection and the event bus URL.
 */
final class HarnessNodes {

	private HarnessNodes() {
	}

	/**
	 * Returns the heap in use once garbage has been collected (three times, to let
	 * finalization settle).
	 * @return bytes in use
	 * @throws InterruptedException when interrupted between collections
	 */
	static long usedHeap() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
		Runtime runtime = Runtime.getRuntime();
		return runtime.totalMemory() - runtime.freeMemory();
	}

	/**
	 * Returns a node's event bus URL.
	 * @param node the node
	 * @return its {@code ws://} URL
	 */
	static String url(ExpServer node) {
		return "ws://localhost:" + node.getPort() + "/eventbus";
	}

}
