/**
 * The EXP event bus: channels, broadcasts, listeners, requests and responders over STOMP.
 */
@NullMarked
package io.exp.client.bus;

import org.jspecify.annotations.NullMarked;
