package io.exp.benchmarks.scale;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.LoopResources;

/**
 * Devices as raw STOMP frames over Reactor Netty's WebSocket client: thousands of
 * connections on a few event loop threads, each sending {@code CONNECT} with its token,
 * one {@code SUBSCRIBE} with a receipt and a heartbeat every {@link #HEARTBEAT heartbeat
 * interval}, and reading of each {@code MESSAGE} only the number after {@code "payload":}
 * in its body, without decoding the frame or its JSON. The node sees what it sees from
 * any STOMP 1.2 client.
 */
final class LightStompDevices implements DeviceSimulator {

	/** Both ways, as Spring's STOMP client asks for with a task scheduler. */
	static final Duration HEARTBEAT = Duration.ofSeconds(10);

	private static final ByteBuf MESSAGE = ascii("MESSAGE\n");

	private static final ByteBuf RECEIPT = ascii("RECEIPT\n");

	private static final ByteBuf ERROR = ascii("ERROR\n");

	private static final ByteBuf PAYLOAD = ascii("\"payload\":");

	private final LoopResources loops;

	private final HttpClient client;

	/**
	 * Creates devices that share event loop threads.
	 * @param threads how many
	 */
	LightStompDevices(int threads) {
		this.loops = LoopResources.create("devices", threads, true);
		// a connection of its own for every device: the default pool holds a few per host
		this.client = HttpClient.newConnection().runOn(this.loops);
	}

	@Override
	public CompletableFuture<?> connect(String url, String token, String destination, IntConsumer broadcasts) {
		CompletableFuture<Void> subscribed = new CompletableFuture<>();
		long heartbeat = HEARTBEAT.toMillis();
		String connect = "CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:" + heartbeat + "," + heartbeat
				+ "\nAuthorization:Bearer " + token + "\n\n\0";
		String subscribe = "SUBSCRIBE\nid:0\ndestination:" + destination + "\nreceipt:subscribed\n\n\0";
		Flux<String> frames = Flux.just(connect, subscribe)
			.concatWith(Flux.interval(HEARTBEAT, HEARTBEAT).map((tick) -> "\n"));
		this.client.websocket(WebsocketClientSpec.builder().protocols("v12.stomp").build())
			.uri(url)
			.handle((in, out) -> Mono.when(out.sendString(frames),
					in.aggregateFrames().receive().doOnNext((frame) -> received(frame, subscribed, broadcasts))))
			.subscribe(null, subscribed::completeExceptionally,
					() -> subscribed.completeExceptionally(new IllegalStateException("Closed by the node")));
		return subscribed;
	}

	private static void received(ByteBuf frame, CompletableFuture<Void> subscribed, IntConsumer broadcasts) {
		if (startsWith(frame, MESSAGE)) {
			int at = ByteBufUtil.indexOf(PAYLOAD, frame);
			if (at >= 0) {
				broadcasts.accept(number(frame, at + PAYLOAD.readableBytes()));
			}
		}
		else if (startsWith(frame, RECEIPT)) {
			subscribed.complete(null);
		}
		else if (startsWith(frame, ERROR)) {
			subscribed.completeExceptionally(new IllegalStateException(frame.toString(StandardCharsets.UTF_8)));
		}
	}

	private static boolean startsWith(ByteBuf frame, ByteBuf prefix) {
		int length = prefix.readableBytes();
		return frame.readableBytes() >= length
				&& ByteBufUtil.equals(frame, frame.readerIndex(), prefix, prefix.readerIndex(), length);
	}

	private static int number(ByteBuf frame, int at) {
		int value = 0;
		for (int i = at; i < frame.writerIndex(); i++) {
			byte digit = frame.getByte(i);
			if (digit < '0' || digit > '9') {
				break;
			}
			value = value * 10 + (digit - '0');
		}
		return value;
	}

	private static ByteBuf ascii(String text) {
		return Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
	}

	@Override
	public void close() {
		this.loops.dispose();
	}

}
