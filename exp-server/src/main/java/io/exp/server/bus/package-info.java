/**
 * The event bus: STOMP over WebSocket with channels, broadcasts, targeted requests and
 * responses.
 */
@NullMarked
package io.exp.server.bus;

import org.jspecify.annotations.NullMarked;
