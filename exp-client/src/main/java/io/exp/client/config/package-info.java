/**
 * Endpoints of annotated methods: how they are invoked and registered with the event bus.
 */
@NullMarked
package io.exp.client.config;

import org.jspecify.annotations.NullMarked;
