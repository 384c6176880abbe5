/**
 * The scale-out load harness: many simulated devices on relayed server nodes.
 */
@NullMarked
package io.exp.benchmarks.scale;

import org.jspecify.annotations.NullMarked;
