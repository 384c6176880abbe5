/**
 * The EXP SDK for Java: exceptions shared by the API client and the event bus.
 */
@NullMarked
package io.exp.client;

import org.jspecify.annotations.NullMarked;
