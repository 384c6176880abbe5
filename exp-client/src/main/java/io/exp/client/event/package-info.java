/**
 * Events of the EXP event bus (online, offline, missed broadcasts), as Spring application
 * events and plain listeners.
 */
@NullMarked
package io.exp.client.event;

import org.jspecify.annotations.NullMarked;
