/**
 * Where resources live: the store abstraction, queries on document fields and the
 * in-memory store.
 */
@NullMarked
package io.exp.server.store;

import org.jspecify.annotations.NullMarked;
