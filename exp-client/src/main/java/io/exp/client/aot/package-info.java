/**
 * Ahead-of-time support: the reflection hints of the SDK and of the application's
 * {@code @ExpListen} and {@code @ExpRespond} methods, for GraalVM native images.
 */
@NullMarked
package io.exp.client.aot;

import org.jspecify.annotations.NullMarked;
