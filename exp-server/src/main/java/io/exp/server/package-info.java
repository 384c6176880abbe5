/**
 * The EXP-compatible server: application entry point and embedding API.
 */
@NullMarked
package io.exp.server;

import org.jspecify.annotations.NullMarked;
