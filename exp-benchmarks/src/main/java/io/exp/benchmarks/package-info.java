/**
 * Benchmarks and load harnesses, run by hand with {@code exp-benchmarks/run}; results in
 * {@code docs/benchmarks.md}.
 */
@NullMarked
package io.exp.benchmarks;

import org.jspecify.annotations.NullMarked;
