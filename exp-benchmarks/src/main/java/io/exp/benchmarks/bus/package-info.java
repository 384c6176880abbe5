/**
 * Benchmarks of the bus event bus.
 */
@NullMarked
package io.exp.benchmarks.bus;

import org.jspecify.annotations.NullMarked;
