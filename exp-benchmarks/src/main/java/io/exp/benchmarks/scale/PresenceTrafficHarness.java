package io.exp.benchmarks.scale;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.exp.benchmarks.PlainStomp;
import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.simp.stomp.ReactorNettyTcpStompClient;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;

/**
 * What one relayed node publishes on the presence topic ({@code /topic/exp.presence})
 * while devices connect to it one after the other as fast as they can, and while it then
 * idles: frames, bytes and the largest frame, heard by a plain STOMP subscriber of the
 * broker (embedded Artemis, or the local RabbitMQ). The node's frames are told from other
 * nodes' (a shared RabbitMQ) by their {@code exp-origin} header: the node that mentions
 * this run's devices.
 * <p>
 * {@code exp-benchmarks/run io.exp.benchmarks.scale.PresenceTrafficHarness [devices] [artemis|rabbitmq]}
 */
public final class PresenceTrafficHarness {

	private static final String TOPIC = "/topic/exp.presence";

	private static final String ORIGIN = "exp-origin";

	private PresenceTrafficHarness() {
	}

	public static void main(String[] args) throws Exception {
		int devices = (args.length > 0) ? Integer.parseInt(args[0]) : 2_000;
		boolean rabbit = (args.length > 1) && "rabbitmq".equals(args[1]);
		PlainStomp.quietLogging(PresenceTrafficHarness.class);
		PlainStomp.Broker artemis = rabbit ? null : PlainStomp.startArtemis();
		int stompPort = rabbit ? 61613 : artemis.stompPort();
		String run = "presence-" + Long.toHexString(System.nanoTime()) + "-";
		Traffic traffic = new Traffic(run);
		ReactorNettyTcpStompClient listener = new ReactorNettyTcpStompClient("127.0.0.1", stompPort);
		listener.setMessageConverter(new ByteArrayMessageConverter() {

			@Override
			protected boolean supportsMimeType(@Nullable MessageHeaders headers) {
				// the bodies are JSON: counted as they are
				return true;
			}

		});
		StompHeaders connect = new StompHeaders();
		connect.setLogin("guest");
		connect.setPasscode("guest");
		if (rabbit) {
			connect.setHost("/");
		}
		StompSession listening = listener.connectAsync(connect, new StompSessionHandlerAdapter() {
		}).get(30, TimeUnit.SECONDS);
		listening.subscribe(TOPIC, traffic);
		ExpServer node = ExpServer.builder()
			.property("exp.server.signing-key", TokenService.randomKey())
			.property("exp.server.bus.relay.enabled", true)
			.property("exp.server.bus.relay.port", stompPort)
			.property("exp.server.bus.relay.virtual-host", rabbit ? "/" : "")
			.start();
		TokenService tokens = node.getBean(TokenService.class);
		PlainStomp client = new PlainStomp();
		Thread.sleep(2_000);
		traffic.mark();
		long start = System.nanoTime();
		List<StompSession> sessions = new ArrayList<>();
		for (int i = 0; i < devices; i++) {
			sessions.add(
					client.connect(HarnessNodes.url(node), tokens.issue(new Identity(run + i, "device", "exp", null))));
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		Thread.sleep(1_000);
		Counts connecting = traffic.mark();
		Thread.sleep(10_000);
		Counts idle = traffic.mark();
		System.out.printf("%,d devices connected in %.1f s; the node published on %s while they connected "
				+ "(and 1 s more): %s; then, idle for 10 s: %s%n", devices, seconds, TOPIC, connecting, idle);
		sessions.forEach(StompSession::disconnect);
		System.exit(0);
	}

	/**
	 * Presence frames, counted per node.
	 */
	private static final class Traffic implements StompFrameHandler {

		private final String run;

		private final Map<String, Counts> byOrigin = new ConcurrentHashMap<>();

		private volatile @Nullable String ours;

		private Counts reported = new Counts(0, 0, 0);

		Traffic(String run) {
			this.run = run;
		}

		@Override
		public Type getPayloadType(StompHeaders headers) {
			return byte[].class;
		}

		@Override
		public void handleFrame(StompHeaders headers, @Nullable Object payload) {
			byte[] body = (byte[]) payload;
			String origin = String.valueOf(headers.getFirst(ORIGIN));
			this.byOrigin.merge(origin, new Counts(1, body.length, body.length), Counts::plus);
			if (this.ours == null && new String(body, StandardCharsets.UTF_8).contains(this.run)) {
				this.ours = origin;
			}
		}

		/**
		 * Returns what the node published since the last mark.
		 */
		synchronized Counts mark() {
			Counts total = (this.ours != null) ? this.byOrigin.get(this.ours) : new Counts(0, 0, 0);
			Counts since = total.minus(this.reported);
			this.reported = total;
			return since;
		}

	}

	private record Counts(long frames, long bytes, long largest) {

		Counts plus(Counts other) {
			return new Counts(this.frames + other.frames, this.bytes + other.bytes,
					Math.max(this.largest, other.largest));
		}

		Counts minus(Counts earlier) {
			return new Counts(this.frames - earlier.frames, this.bytes - earlier.bytes, this.largest);
		}

		@Override
		public String toString() {
			return String.format("%,d frames, %,d bytes of JSON (largest frame so far %,d bytes)", this.frames,
					this.bytes, this.largest);
		}

	}

}
