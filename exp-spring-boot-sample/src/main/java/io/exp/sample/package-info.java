/**
 * The sample application: the seed SDK's example, step by step.
 */
@NullMarked
package io.exp.sample;

import org.jspecify.annotations.NullMarked;
