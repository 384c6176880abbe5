/**
 * The server's health for operations: what its readiness probe checks besides Spring
 * Boot's own state.
 */
@NullMarked
package io.exp.server.health;

import org.jspecify.annotations.NullMarked;
