/**
 * Online and offline events of the EXP event bus, as Spring application events and plain
 * listeners.
 */
@NullMarked
package io.exp.client.event;

import org.jspecify.annotations.NullMarked;
