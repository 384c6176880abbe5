/**
 * The event bus as the original EXP SDKs speak it: socket.io 1.x (Engine.IO 3) bridged
 * onto the STOMP bus's channels, and the REST calls they broadcast and respond with.
 */
@NullMarked
package io.exp.server.socketio;

import org.jspecify.annotations.NullMarked;
