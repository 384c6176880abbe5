package io.exp.benchmarks.scale;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The raw baseline of a broadcast's fan-out without a servlet container: Reactor Netty's
 * WebSocket server (on the classpath through {@code exp-client}), writing one
 * {@code MESSAGE} frame, encoded once, to every connection's channel (a shared buffer, no
 * copy per connection). The lowest cost per delivery a JVM server can have here. Run like
 * {@link RawTomcatFanOut}:
 * {@code java -cp ... io.exp.benchmarks.scale.RawNettyFanOut <port>}.
 */
public final class RawNettyFanOut {

	private final RawStompExchange exchange = new RawStompExchange();

	private final Set<Channel> channels = ConcurrentHashMap.newKeySet();

	private RawNettyFanOut() {
	}

	public static void main(String[] args) {
		int port = Integer.parseInt(args[0]);
		RawNettyFanOut fanOut = new RawNettyFanOut();
		DisposableServer server = HttpServer.create()
			.host("localhost")
			.port(port)
			// Spring's STOMP client (the harness's sender) asks for no subprotocol;
			// Netty's
			// server then never hands its frames to a handler that names one
			.route((routes) -> routes
				.ws((request) -> request.uri().equals("/eventbus") && asksForStomp(request), fanOut::session,
						WebsocketServerSpec.builder().protocols("v12.stomp").build())
				.ws("/eventbus", fanOut::session))
			.bindNow();
		Flux.interval(Duration.ofSeconds(10))
			.subscribe((tick) -> fanOut.channels
				.forEach((channel) -> channel.writeAndFlush(new TextWebSocketFrame("\n"))));
		System.out
			.println("raw Netty fan-out on ws://localhost:" + port + "/eventbus, pid " + ProcessHandle.current().pid());
		server.onDispose().block();
	}

	private static boolean asksForStomp(HttpServerRequest request) {
		return request.requestHeaders().contains(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
	}

	private Publisher<Void> session(WebsocketInbound in, WebsocketOutbound out) {
		Channel[] channel = new Channel[1];
		in.withConnection((connection) -> {
			channel[0] = connection.channel();
			this.channels.add(channel[0]);
			connection.onDispose(() -> this.channels.remove(channel[0]));
		});
		return in.aggregateFrames()
			.receive()
			.asString(StandardCharsets.UTF_8)
			.doOnNext((text) -> this.exchange.received(text,
					(reply) -> channel[0].writeAndFlush(new TextWebSocketFrame(reply)), this::broadcast))
			.then();
	}

	private void broadcast(byte[] frame) {
		ByteBuf shared = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(frame));
		this.channels.forEach((channel) -> channel.writeAndFlush(new TextWebSocketFrame(shared.duplicate())));
	}

}
