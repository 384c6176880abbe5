/**
 * Micrometer Observation of the event bus: the contexts, conventions and documentation of
 * the observations of requests sent and requests answered, whose trace context travels in
 * the envelope's {@code trace} field.
 */
@NullMarked
package io.exp.client.observation;

import org.jspecify.annotations.NullMarked;
