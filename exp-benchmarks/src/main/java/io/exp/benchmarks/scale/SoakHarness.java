package io.exp.benchmarks.scale;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.exp.benchmarks.PlainStomp;
import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.ChannelId;
import io.exp.server.bus.EventBusProperties;
import org.apache.activemq.artemis.core.postoffice.QueueBinding;

import org.springframework.messaging.simp.stomp.StompSession;

/**
 * Devices connecting to and disconnecting from two server nodes at random for a while,
 * over one broker (embedded Artemis, or the local RabbitMQ), all in one JVM, while a user
 * on each node broadcasts and sends requests to random devices: at the end, with every
 * device gone, the broker must hold no more queues and connections than with none, and
 * the heap must be back where it was once the nodes' broadcast history (its max age) has
 * let go of the run's last broadcasts.
 * <p>
 * {@code exp-benchmarks/run io.exp.benchmarks.scale.SoakHarness [minutes] [devices] [artemis|rabbitmq]}
 */
public final class SoakHarness {

	private static final int CHANNELS = 20;

	private SoakHarness() {
	}

	public static void main(String[] args) throws Exception {
		double minutes = (args.length > 0) ? Double.parseDouble(args[0]) : 5;
		int devices = (args.length > 1) ? Integer.parseInt(args[1]) : 200;
		boolean rabbit = (args.length > 2) && "rabbitmq".equals(args[2]);
		PlainStomp.quietLogging(SoakHarness.class);
		PlainStomp.Broker artemis = rabbit ? null : PlainStomp.startArtemis();
		int stompPort = rabbit ? 61613 : artemis.stompPort();
		ExpServer.Builder builder = ExpServer.builder()
			.property("exp.server.signing-key", TokenService.randomKey())
			.property("exp.server.bus.relay.enabled", true)
			.property("exp.server.bus.relay.port", stompPort)
			.property("exp.server.bus.relay.virtual-host", rabbit ? "/" : "");
		List<ExpServer> nodes = List.of(builder.start(), builder.start());
		TokenService tokens = nodes.get(0).getBean(TokenService.class);
		Broker broker = rabbit ? new Rabbit() : new Artemis(artemis);
		PlainStomp client = new PlainStomp();

		List<StompSession> users = List.of(
				client.connect(HarnessNodes.url(nodes.get(0)),
						tokens.issue(new Identity("soak-user-a", "user", "exp", "a"))),
				client.connect(HarnessNodes.url(nodes.get(1)),
						tokens.issue(new Identity("soak-user-b", "user", "exp", "b"))));
		AtomicLong answers = new AtomicLong();
		AtomicLong offline = new AtomicLong();
		for (StompSession user : users) {
			PlainStomp.subscribe(user, "/user/queue/responses",
					(envelope) -> ((envelope.get("error") != null) ? offline : answers).incrementAndGet());
		}
		Thread.sleep(2000);
		long heapBefore = HarnessNodes.usedHeap();
		String queuesBefore = broker.describe();
		System.out.printf("before: heap %,d KB; broker %s%n", heapBefore >> 10, queuesBefore);

		Map<Integer, StompSession> connected = new ConcurrentHashMap<>();
		AtomicLong connects = new AtomicLong();
		AtomicLong delivered = new AtomicLong();
		long end = System.nanoTime() + (long) (minutes * 60e9);
		long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (System.nanoTime() < end) {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			int device = random.nextInt(devices);
			StompSession session = connected.remove(device);
			if (session != null) {
				disconnect(session);
			}
			else {
				StompSession opened = client.connect(HarnessNodes.url(nodes.get(random.nextInt(2))),
						tokens.issue(new Identity("soak-" + device, "device", "exp", null)));
				PlainStomp.subscribe(opened, "/topic/channel." + channel(random.nextInt(CHANNELS)),
						(envelope) -> delivered.incrementAndGet());
				PlainStomp.subscribe(opened, "/user/queue/requests",
						(envelope) -> opened.send("/app/response", Map.of("id", envelope.get("id"), "channel",
								envelope.get("channel"), "payload", "pong", "target", envelope.get("sender"))));
				connected.put(device, opened);
				connects.incrementAndGet();
			}
			StompSession user = users.get(random.nextInt(2));
			user.send("/app/broadcast", Map.of("channel", channel(random.nextInt(CHANNELS)), "name", "soak"));
			user.send("/app/request", Map.of("id", UUID.randomUUID().toString(), "channel", channel(0), "name", "ping",
					"target", Map.of("device", "soak-" + random.nextInt(devices))));
			if (System.nanoTime() > nextReport) {
				nextReport += TimeUnit.SECONDS.toNanos(30);
				System.out.printf(
						"%,d connects, %,d connected; %,d broadcasts delivered; %,d answers, %,d "
								+ "target.offline; broker %s%n",
						connects.get(), connected.size(), delivered.get(), answers.get(), offline.get(),
						broker.describe());
			}
			Thread.sleep(5);
		}
		for (StompSession session : connected.values()) {
			disconnect(session);
		}
		Thread.sleep(5000);
		long heapLeft = HarnessNodes.usedHeap();
		System.out.printf(
				"after %.1f min, %,d connects over %,d devices, all gone: heap %,d KB (before %,d KB); "
						+ "broker %s (before: %s); %,d broadcasts delivered, %,d answers, %,d target.offline%n",
				minutes, connects.get(), devices, heapLeft >> 10, heapBefore >> 10, broker.describe(), queuesBefore,
				delivered.get(), answers.get(), offline.get());
		// the nodes keep the last broadcasts for their history's max age: then the heap
		// must be back
		Duration maxAge = nodes.get(0).getBean(EventBusProperties.class).getHistory().getMaxAge();
		Thread.sleep(maxAge.plusSeconds(10).toMillis());
		System.out.printf("%s later (history max age + 10 s): heap %,d KB (before %,d KB); broker %s%n",
				maxAge.plusSeconds(10), HarnessNodes.usedHeap() >> 10, heapBefore >> 10, broker.describe());
		System.exit(0);
	}

	/**
	 * Disconnects a device. Its responder may be writing on the same WebSocket at that
	 * moment, which Tomcat's client refuses (and may then close the connection itself):
	 * then it tries again a moment later.
	 */
	private static void disconnect(StompSession session) throws InterruptedException {
		for (int attempt = 1; session.isConnected(); attempt++) {
			try {
				session.disconnect();
				return;
			}
			catch (RuntimeException ex) {
				if (attempt == 10) {
					throw ex;
				}
				Thread.sleep(10);
			}
		}
	}

	private static String channel(int index) {
		return new ChannelId("exp", "soak-" + index, false, false).encode();
	}

	/**
	 * What the broker holds.
	 */
	private interface Broker {

		String describe() throws Exception;

	}

	private record Artemis(PlainStomp.Broker broker) implements Broker {

		@Override
		public String describe() {
			long queues = this.broker.artemis()
				.getActiveMQServer()
				.getPostOffice()
				.getAllBindings()
				.filter(QueueBinding.class::isInstance)
				.count();
			return queues + " queues, " + this.broker.artemis().getActiveMQServer().getConnectionCount()
					+ " connections";
		}

	}

	/**
	 * Asks {@code rabbitmqctl}; the RabbitMQ may be shared, so only the nodes' queues
	 * ({@code exp.node.*}) count.
	 */
	private static final class Rabbit implements Broker {

		@Override
		public String describe() throws Exception {
			long queues = rabbitmqctl("list_queues", "name").stream()
				.filter((name) -> name.startsWith("exp.node."))
				.count();
			return queues + " node queues, " + (rabbitmqctl("list_stomp_connections", "peer_port").size() - 1)
					+ " STOMP connections (all clients of the broker)";
		}

		private static List<String> rabbitmqctl(String... command) throws Exception {
			String[] line = new String[command.length + 2];
			line[0] = "rabbitmqctl";
			line[1] = "-q";
			System.arraycopy(command, 0, line, 2, command.length);
			Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor();
			return output.lines().map(String::strip).filter((name) -> !name.isEmpty()).toList();
		}

	}

}
