package io.exp.client.bus;

import tools.jackson.databind.json.JsonMapper;

/**
 * What a channel works with: the scope that names it, the outbox for broadcasts, the
 * exchanges for requests and collected responses, the registry for listeners and
 * responders, and the application's mapper for typed payloads.
 */
record ChannelParts(ChannelScope scope, Outbox outbox, Exchanges exchanges, HandlerRegistry registry, JsonMapper json) {
}
