/**
 * Benchmarks of the API clientapi.
 */
@NullMarked
package io.exp.benchmarks.api;

import org.jspecify.annotations.NullMarked;
