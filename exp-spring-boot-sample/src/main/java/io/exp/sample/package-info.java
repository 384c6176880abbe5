/**
 * The sample application: the EXP Python SDK's example, step by step.
 */
@NullMarked
package io.exp.sample;

import org.jspecify.annotations.NullMarked;
