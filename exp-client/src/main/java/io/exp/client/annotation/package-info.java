/**
 * Annotations that turn bean methods into event bus listeners and responders, and their
 * bean post-processor.
 */
@NullMarked
package io.exp.client.annotation;

import org.jspecify.annotations.NullMarked;
