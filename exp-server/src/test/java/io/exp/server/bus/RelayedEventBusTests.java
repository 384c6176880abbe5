package io.exp.server.bus;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.exp.server.ExpServer;
import io.exp.server.ServerClient;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import io.exp.server.bus.StompTestClient.Connection;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;

import static io.exp.server.bus.TickFrames.broadcast;
import static io.exp.server.bus.TickFrames.next;
import static io.exp.server.bus.TickFrames.number;
import static io.exp.server.bus.TickFrames.routed;
import static io.exp.server.bus.TickFrames.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two server nodes relaying their event bus to one external STOMP broker: the protocol is
 * unchanged, broadcasts reach listeners on both nodes, requests cross nodes,
 * organizations stay apart. One subclass per broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RelayedEventBusTests {

	private static final int CONNECTIONS = 2;

	private ExpServer nodeA;

	private ExpServer nodeB;

	private StompTestClient clientsA;

	private StompTestClient clientsB;

	private int brokerPort;

	private final String signingKey = TokenService.randomKey();

	/**
	 * Starts (or finds) the broker.
	 * @return its STOMP port on loopback
	 * @throws Exception when it cannot start
	 */
	protected abstract int startBroker() throws Exception;

	/**
	 * Stops the broker when the test started it.
	 * @throws Exception when it cannot stop
	 */
	protected abstract void stopBroker() throws Exception;

	/**
	 * Lists the queues on the broker, each named so that the node or session it belongs
	 * to shows: on RabbitMQ its name, on Artemis its address and name.
	 * @return the queues
	 * @throws Exception when the broker cannot be asked
	 */
	protected abstract List<String> brokerQueues() throws Exception;

	/**
	 * Returns broker-specific relay properties.
	 * @return extra {@code exp.server.bus.relay.*} properties
	 */
	protected Map<String, Object> relayProperties() {
		return Map.of();
	}

	@BeforeAll
	void start() throws Exception {
		this.brokerPort = startBroker();
		this.nodeA = node(this.brokerPort).start();
		this.nodeB = node(this.brokerPort).start();
		this.clientsA = new StompTestClient(this.nodeA.getPort());
		this.clientsB = new StompTestClient(this.nodeB.getPort());
	}

	@AfterAll
	void stop() throws Exception {
		if (this.nodeA != null) {
			this.clientsA.close();
			this.clientsB.close();
			this.nodeA.close();
			this.nodeB.close();
		}
		stopBroker();
	}

	/** Makes a node that joins the others through the broker on a port. */
	ExpServer.Builder node(int stompPort) {
		ExpServer.Builder node = ExpServer.builder()
			.property("exp.server.signing-key", this.signingKey)
			.property("exp.server.bus.relay.enabled", true)
			.property("exp.server.bus.relay.connections", CONNECTIONS)
			.property("exp.server.bus.relay.port", stompPort);
		relayProperties().forEach(node::property);
		return node;
	}

	/** The node the tests publish on, which stays up. */
	ExpServer nodeA() {
		return this.nodeA;
	}

	/** The broker's STOMP port. */
	int brokerPort() {
		return this.brokerPort;
	}

	private static String nodeId(ExpServer node) {
		return node.getBean(BrokerConnections.class).nodeId();
	}

	private boolean isPresentOn(ExpServer node, Identity identity) {
		String token = this.nodeA.getBean(TokenService.class).issue(EventBusTests.JOE);
		return new ServerClient(node.getUrl()).get("/api/presence", token).body().contains(identity.uuid());
	}

	static Identity freshDevice() {
		return new Identity(UUID.randomUUID().toString(), "device", "exp", null);
	}

	static String freshChannel() {
		return EventBusTests.channel("exp", UUID.randomUUID().toString(), false, false);
	}

	/**
	 * Subscribes with a receipt and waits for it: the node sends it once its broker
	 * subscription is confirmed.
	 */
	private static BlockingQueue<Map<String, Object>> listen(Connection connection, String channel) throws Exception {
		BlockingQueue<Map<String, Object>> received = new LinkedBlockingQueue<>();
		StompHeaders headers = new StompHeaders();
		headers.setDestination("/topic/channel." + channel);
		headers.setReceipt(UUID.randomUUID().toString());
		CountDownLatch receipt = new CountDownLatch(1);
		connection.session.subscribe(headers, new StompFrameHandler() {

			@Override
			public Type getPayloadType(StompHeaders frameHeaders) {
				return Map.class;
			}

			@Override
			@SuppressWarnings("unchecked")
			public void handleFrame(StompHeaders frameHeaders, Object payload) {
				received.add((Map<String, Object>) payload);
			}

		}).addReceiptTask(receipt::countDown);
		assertThat(receipt.await(10, TimeUnit.SECONDS)).as("receipt of the subscription").isTrue();
		return received;
	}

	private Connection connect(StompTestClient clients, Identity identity) {
		return clients.connect(this.nodeA.getBean(TokenService.class).issue(identity));
	}

	@Test
	void remoteBroadcastsAreReplayedByANodeThatKeptFollowingTheChannelAndThoseSentWhileItDidNotAsTheNodesShare()
			throws Exception {
		String channel = freshChannel();
		String destination = "/topic/channel." + channel;
		String tokenB = this.nodeB.getBean(TokenService.class).issue(EventBusTests.DEVICE_1);
		String tokenA = this.nodeA.getBean(TokenService.class).issue(EventBusTests.JOE);
		String last = "";
		try (RawStompSocket publisher = RawStompSocket.connect(this.nodeA.getPort(), tokenA)) {
			try (RawStompSocket keeper = RawStompSocket.connect(this.nodeB.getPort(), tokenB)) {
				keeper.send("SUBSCRIBE", Map.of("id", "0", "destination", destination, "receipt", "r"), "");
				assertThat(StompFrame.parse(keeper.read()).command()).isEqualTo("RECEIPT");
				String first = "";
				for (int n = 1; n <= 20; n++) {
					publisher.send("SEND", Map.of("destination", "/app/broadcast"),
							"{\"channel\":\"" + channel + "\",\"name\":\"tick\",\"payload\":{\"n\":" + n + "}}");
					StompFrame heard = StompFrame.parse(keeper.read());
					assertThat(heard.body()).contains("\"n\":" + n + "}");
					first = first.isEmpty() ? heard.header(Serial.HEADER) : first;
					last = heard.header(Serial.HEADER);
				}
				try (RawStompSocket resumer = RawStompSocket.connect(this.nodeB.getPort(), tokenB)) {
					resumer.send("SUBSCRIBE",
							Map.of("id", "0", "destination", destination, Serial.RESUME_HEADER, first), "");
					for (int n = 2; n <= 20; n++) {
						StompFrame replayed = StompFrame.parse(resumer.read());
						assertThat(replayed.body()).contains("\"n\":" + n + "}");
						assertThat(replayed.header(ResumedSubscriptions.REPLAYED)).isEqualTo("true");
					}
				}
			}
			ChannelInterests interests = this.nodeB.getBean(ChannelInterests.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> interests.count(channel) == 0);
			publisher.send("SEND", Map.of("destination", "/app/broadcast"),
					"{\"channel\":\"" + channel + "\",\"name\":\"tick\",\"payload\":{\"n\":21}}");
			try (RawStompSocket resumer = RawStompSocket.connect(this.nodeB.getPort(), tokenB)) {
				resumer.send("SUBSCRIBE", Map.of("id", "0", "destination", destination, Serial.RESUME_HEADER, last),
						"");
				resumedAfterTheNodeStoppedFollowing(StompFrame.parse(resumer.read()));
			}
		}
	}

	/**
	 * Checks what a subscriber resuming on a node that stopped following the channel
	 * meanwhile gets first: by default, nodes that do not share a broadcast stream, the
	 * discontinuity (the node never heard the broadcast sent then, {@code n} 21).
	 * @param first the first frame after the {@code SUBSCRIBE}
	 */
	protected void resumedAfterTheNodeStoppedFollowing(StompFrame first) {
		assertThat(first.header(DiscontinuityFrames.DISCONTINUITY)).isEqualTo("true");
	}

	/**
	 * Checks, for nodes that share a broadcast stream, that the broadcast sent while node
	 * B did not follow the channel ({@code n} 21) is the first frame, with no
	 * discontinuity before it.
	 * @param first the first frame after the {@code SUBSCRIBE}
	 */
	protected static void theBroadcastSentMeanwhileComesFirst(StompFrame first) {
		assertThat(first.header(DiscontinuityFrames.DISCONTINUITY)).as(first.toString()).isNull();
		assertThat(first.body()).as(first.toString()).contains("\"n\":21}");
	}

	@Test
	void aNodeCutFromTheBrokerTellsItsListenersAndResumesFromBeforeTheCutWhatItMissedMeanwhile() throws Exception {
		String channel = freshChannel();
		String joe = this.nodeA.getBean(TokenService.class).issue(EventBusTests.JOE);
		String device = this.nodeA.getBean(TokenService.class).issue(freshDevice());
		try (BrokerProxy proxy = new BrokerProxy(this.brokerPort)) {
			ExpServer nodeC = node(proxy.getPort()).start();
			try (RawStompSocket publisher = RawStompSocket.connect(this.nodeA.getPort(), joe);
					RawStompSocket listener = RawStompSocket.connect(nodeC.getPort(), device)) {
				subscribe(listener, channel, Map.of());
				broadcast(publisher, channel, 0);
				String beforeTheCut = next(listener, "MESSAGE").header(Serial.HEADER);
				BrokerAvailability broker = nodeC.getBean(BrokerAvailability.class);
				proxy.cut(true);
				await().atMost(Duration.ofSeconds(10)).until(() -> !broker.isAvailable());
				for (int n = 1; n <= 5; n++) {
					broadcast(publisher, channel, n);
				}
				routed(publisher);
				proxy.resume();
				await().atMost(Duration.ofSeconds(15)).until(broker::isAvailable);
				List<StompFrame> live = untilTickSix(listener, publisher, channel);
				try (RawStompSocket resumer = RawStompSocket.connect(nodeC.getPort(), device)) {
					subscribe(resumer, channel, Map.of(Serial.RESUME_HEADER, beforeTheCut));
					List<StompFrame> resumed = new ArrayList<>();
					for (StompFrame frame = next(resumer, "MESSAGE", "RECEIPT"); frame.command()
						.equals("MESSAGE"); frame = next(resumer, "MESSAGE", "RECEIPT")) {
						resumed.add(frame);
					}
					afterTheCut(live, resumed);
				}
			}
			finally {
				nodeC.close();
			}
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aNodeWhoseBrokerConnectionsAreClosedAsTheyOpenRetriesWithoutAStackTrace(CapturedOutput output)
			throws Exception {
		try (BrokerProxy proxy = new BrokerProxy(this.brokerPort)) {
			ExpServer nodeC = node(proxy.getPort()).start();
			try {
				BrokerAvailability broker = nodeC.getBean(BrokerAvailability.class);
				proxy.cut(true);
				await().atMost(Duration.ofSeconds(10)).until(() -> !broker.isAvailable());
				await().atMost(Duration.ofSeconds(30)).until(() -> proxy.refusedConnections() >= 6);
				proxy.resume();
				await().atMost(Duration.ofSeconds(15)).until(broker::isAvailable);
			}
			finally {
				nodeC.close();
			}
		}
		assertThat(output).doesNotContain("Scheduler worker").doesNotContain("DefaultStompSession.afterConnected");
	}

	@Test
	void aBroadcastPostedToANodeCutFromTheBrokerIsRefusedAsOverStompNotDeliveredToItsOwnListenersOnly()
			throws Exception {
		String channel = freshChannel();
		String joe = this.nodeA.getBean(TokenService.class).issue(EventBusTests.JOE);
		try (BrokerProxy proxy = new BrokerProxy(this.brokerPort)) {
			ExpServer nodeC = node(proxy.getPort()).start();
			try (RawStompSocket listener = RawStompSocket.connect(nodeC.getPort(), joe)) {
				subscribe(listener, channel, Map.of());
				BrokerAvailability broker = nodeC.getBean(BrokerAvailability.class);
				proxy.cut(true);
				await().atMost(Duration.ofSeconds(10)).until(() -> !broker.isAvailable());
				ServerClient.Answer refused = new ServerClient(nodeC.getUrl()).send("POST",
						"/api/networks/current/broadcasts", joe,
						"{\"channel\":\"" + channel + "\",\"name\":\"tick\",\"payload\":{\"n\":1}}");
				assertThat(refused.status()).as(refused.body()).isEqualTo(503);
				assertThat(refused.json().path("code").asString()).isEqualTo("broker.unavailable");
				// the node delivers a broadcast to its sessions before it answers: had it
				// delivered this one, it would come before the receipt of a later frame
				routed(listener);
			}
			finally {
				nodeC.close();
			}
		}
	}

	@Test
	void aNodeWhoseBrokerStopsReadingFromItReportsTheLossWithinThreeHeartbeatsAndStopsPromptly() throws Exception {
		String channel = freshChannel();
		String joe = this.nodeA.getBean(TokenService.class).issue(EventBusTests.JOE);
		String payload = "x".repeat(30_000);
		try (BrokerProxy proxy = new BrokerProxy(this.brokerPort)) {
			ExpServer nodeC = node(proxy.getPort()).property("exp.server.bus.heartbeat", "1s").start();
			try (RawStompSocket publisher = RawStompSocket.connect(nodeC.getPort(), joe)) {
				BrokerAvailability broker = nodeC.getBean(BrokerAvailability.class);
				proxy.stopReadingFromNode();
				// 12 MB for the broker, more than the sockets' buffers hold: the node's
				// sends wait
				for (int i = 0; i < 400; i++) {
					publisher.send("SEND", Map.of("destination", "/app/broadcast", "content-type", "application/json"),
							"{\"channel\":\"" + channel + "\",\"name\":\"big\",\"payload\":\"" + payload + "\"}");
				}
				await().atMost(Duration.ofSeconds(3 + 5)).until(() -> !broker.isAvailable());
				assertThat(CompletableFuture.runAsync(nodeC::close)).as("the node's stop")
					.succeedsWithin(Duration.ofSeconds(10));
			}
			finally {
				// a stop that hangs must not hold the test
				CompletableFuture.runAsync(nodeC::close);
			}
		}
	}

	/**
	 * Reads what a listener gets until the tick 6, which is broadcast every 200 ms
	 * meanwhile: the node may take a moment to subscribe to the channel on the broker
	 * again.
	 */
	private static List<StompFrame> untilTickSix(RawStompSocket listener, RawStompSocket publisher, String channel)
			throws Exception {
		AtomicBoolean received = new AtomicBoolean();
		CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
			try {
				while (!received.get()) {
					broadcast(publisher, channel, 6);
					Thread.sleep(200);
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		List<StompFrame> frames = new ArrayList<>();
		try {
			StompFrame frame;
			do {
				frame = next(listener, "MESSAGE");
				frames.add(frame);
			}
			while (frame.header(DiscontinuityFrames.DISCONTINUITY) != null || number(frame) != 6);
		}
		finally {
			received.set(true);
			publishing.get(10, TimeUnit.SECONDS);
		}
		return frames;
	}

	/**
	 * Checks what a listener on a node cut from the broker while the ticks 1 to 5 were
	 * broadcast on another node got once its node was back (up to the first tick 6), and
	 * what a subscriber that resumed there from before the cut was replayed: by default,
	 * nodes that keep their own history, the discontinuity frame first (the node never
	 * heard the ticks 1 to 5), then only ticks 6.
	 * @param live what the listener got
	 * @param resumed what the resuming subscriber was sent before the receipt
	 */
	protected void afterTheCut(List<StompFrame> live, List<StompFrame> resumed) {
		for (List<StompFrame> frames : List.of(live, resumed)) {
			assertThat(frames.get(0).header(DiscontinuityFrames.DISCONTINUITY)).as(frames.toString()).isEqualTo("true");
			assertThat(ticks(frames.subList(1, frames.size()))).as(frames.toString()).isNotEmpty().containsOnly(6);
		}
	}

	/**
	 * Checks, for nodes that share a broadcast stream, that the listener and the resuming
	 * subscriber got the ticks 1 to 5 broadcast while the node was cut from the broker,
	 * in order, then the tick 6, with no discontinuity.
	 * @param live what the listener got
	 * @param resumed what the resuming subscriber was sent before the receipt
	 */
	protected static void everyTickSentDuringTheCutComesInOrder(List<StompFrame> live, List<StompFrame> resumed) {
		assertThat(ticks(live)).as(live.toString()).containsExactly(1, 2, 3, 4, 5, 6);
		assertThat(ticks(resumed)).as(resumed.toString()).startsWith(1, 2, 3, 4, 5, 6);
	}

	/** The ticks of frames, which must not include a discontinuity. */
	private static List<Integer> ticks(List<StompFrame> frames) {
		assertThat(frames).as("frames after the first")
			.allSatisfy((frame) -> assertThat(frame.header(DiscontinuityFrames.DISCONTINUITY)).isNull());
		return frames.stream().map(TickFrames::number).toList();
	}

	@Test
	void aBroadcastOnNodeAReachesListenersOnBothNodesAndNoOtherOrganization() throws Exception {
		try (Connection joe = connect(this.clientsA, EventBusTests.JOE);
				Connection onA = connect(this.clientsA, EventBusTests.DEVICE_2);
				Connection onB = connect(this.clientsB, EventBusTests.DEVICE_1);
				Connection annOnB = connect(this.clientsB, EventBusTests.ANN)) {
			BlockingQueue<Map<String, Object>> receivedOnA = listen(onA, EventBusTests.ORGANIZATION);
			BlockingQueue<Map<String, Object>> receivedOnB = listen(onB, EventBusTests.ORGANIZATION);
			BlockingQueue<Map<String, Object>> acme = listen(annOnB,
					EventBusTests.channel("acme", "organization", false, false));
			joe.send("/app/broadcast", Map.of("channel", EventBusTests.ORGANIZATION, "name", "Hi!", "payload", 1));
			assertThat(receivedOnA.poll(10, TimeUnit.SECONDS)).containsEntry("name", "Hi!");
			assertThat(receivedOnB.poll(10, TimeUnit.SECONDS)).containsEntry("name", "Hi!")
				.containsEntry("sender", Map.of("uuid", EventBusTests.JOE.uuid(), "type", "user"));
			assertThat(acme).isEmpty();
		}
	}

	@Test
	void aRequestSentToNodeAReachesADeviceOnNodeBAndTheResponseComesBack() throws Exception {
		Identity fresh = new Identity(UUID.randomUUID().toString(), "device", "exp", null);
		try (Connection joe = connect(this.clientsA, EventBusTests.JOE);
				Connection device = connect(this.clientsB, fresh)) {
			BlockingQueue<Map<String, Object>> responses = joe.subscribe("/user/queue/responses");
			BlockingQueue<Map<String, Object>> requests = device.subscribe("/user/queue/requests");
			EventBusTests.subscribed(joe, device);
			ServerClient restOnA = new ServerClient(this.nodeA.getUrl());
			String token = this.nodeA.getBean(TokenService.class).issue(EventBusTests.JOE);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> restOnA.get("/api/presence", token).body().contains(fresh.uuid()));
			joe.send("/app/request", Map.of("id", "x1", "channel", EventBusTests.ORGANIZATION, "name", "ping", "target",
					Map.of("device", fresh.uuid())));
			Map<String, Object> request = requests.poll(10, TimeUnit.SECONDS);
			assertThat(request).containsEntry("id", "x1");
			device.send("/app/response", Map.of("id", "x1", "channel", EventBusTests.ORGANIZATION, "payload", "pong",
					"target", request.get("sender")));
			assertThat(responses.poll(10, TimeUnit.SECONDS)).containsEntry("payload", "pong").containsEntry("id", "x1");
		}
	}

	@Test
	void aClientThatKeepsSendingKeepsItsRelayedSession() throws Exception {
		// Sends to /app/** never reach the broker, and a client that keeps sending has no
		// reason to send heartbeats:
		// the relay must beat for it, or a broker that closes silent connections after
		// two heartbeat intervals
		// (Artemis) cuts the session. 5.5 s heartbeats: the broker gives up after 11 s of
		// silence.
		try (StompTestClient beating = new StompTestClient(this.nodeA.getPort(), 5500);
				Connection listener = connect(this.clientsB,
						new Identity(UUID.randomUUID().toString(), "device", "exp", null));
				Connection busy = beating.connect(this.nodeA.getBean(TokenService.class).issue(EventBusTests.JOE))) {
			BlockingQueue<Map<String, Object>> received = listener
				.subscribe("/topic/channel." + EventBusTests.ORGANIZATION);
			EventBusTests.subscribed(listener);
			long until = System.nanoTime() + Duration.ofSeconds(13).toNanos();
			int sent = 0;
			while (System.nanoTime() < until) {
				busy.send("/app/broadcast",
						Map.of("channel", EventBusTests.ORGANIZATION, "name", "tick", "payload", sent++));
				Thread.sleep(250);
			}
			busy.send("/app/broadcast", Map.of("channel", EventBusTests.ORGANIZATION, "name", "last"));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> received.stream().anyMatch((message) -> "last".equals(message.get("name"))));
			assertThat(busy.errors).isEmpty();
			assertThat(busy.closed).isFalse();
		}
	}

	@Test
	void anErrorAnsweredByADeviceOnNodeBReachesTheRequesterOnNodeAWithItsReplyHeaders() throws Exception {
		Identity device = freshDevice();
		try (Connection joe = connect(this.clientsA, EventBusTests.JOE);
				Connection onB = connect(this.clientsB, device)) {
			BlockingQueue<Map<String, Object>> responses = joe.subscribe("/user/queue/responses");
			BlockingQueue<Map<String, Object>> requests = onB.subscribe("/user/queue/requests");
			EventBusTests.subscribed(joe, onB);
			await().atMost(Duration.ofSeconds(10)).until(() -> isPresentOn(this.nodeA, device));
			joe.send("/app/request", Map.of("id", "e1", "channel", EventBusTests.ORGANIZATION, "name", "ping", "target",
					Map.of("device", device.uuid())));
			Map<String, Object> request = requests.poll(10, TimeUnit.SECONDS);
			assertThat(request).containsEntry("id", "e1");
			onB.send("/app/response", Map.of("id", "e1", "channel", EventBusTests.ORGANIZATION, "error",
					Map.of("code", "busy", "message", "Try later"), "target", request.get("sender")));
			assertThat(responses.poll(10, TimeUnit.SECONDS)).containsEntry("id", "e1")
				.containsEntry("error", Map.of("code", "busy", "message", "Try later"))
				.containsEntry("sender", Map.of("uuid", device.uuid(), "type", "device"));
			// the reply filter still holds across nodes: a second answer to the same
			// request does not pass
			onB.send("/app/response", Map.of("id", "e1", "channel", EventBusTests.ORGANIZATION, "payload", "again",
					"target", request.get("sender")));
			EventBusTests.subscribed(onB);
			assertThat(responses.poll(1, TimeUnit.SECONDS)).isNull();
		}
	}

	@Test
	void aRequestToADeviceWhoseNodeDiedFailsWithTargetOfflineOnceTheNodeTimeoutHasPassed() throws Exception {
		Identity device = freshDevice();
		try (BrokerProxy proxy = new BrokerProxy(this.brokerPort)) {
			ExpServer nodeC = node(proxy.getPort()).start();
			String idOfC = nodeId(nodeC);
			try (StompTestClient clientsC = new StompTestClient(nodeC.getPort());
					Connection joe = connect(this.clientsA, EventBusTests.JOE);
					Connection onC = connect(clientsC, device)) {
				BlockingQueue<Map<String, Object>> responses = joe.subscribe("/user/queue/responses");
				onC.subscribe("/user/queue/requests");
				EventBusTests.subscribed(joe, onC);
				await().atMost(Duration.ofSeconds(10)).until(() -> isPresentOn(this.nodeA, device));
				assertThat(brokerQueues()).anyMatch((queue) -> queue.contains(idOfC));
				// the node dies: its broker connections drop, and it can say nothing on
				// its way out
				proxy.cut(true);
				long died = System.nanoTime();
				nodeC.close();
				await().atMost(Duration.ofSeconds(3 + 2)).until(() -> !isPresentOn(this.nodeA, device));
				assertThat(Duration.ofNanos(System.nanoTime() - died)).isGreaterThan(Duration.ofSeconds(1));
				joe.send("/app/request", Map.of("id", "d1", "channel", EventBusTests.ORGANIZATION, "name", "ping",
						"target", Map.of("device", device.uuid())));
				Map<String, Object> answer = responses.poll(10, TimeUnit.SECONDS);
				assertThat(answer).containsEntry("id", "d1");
				assertThat(answer.get("error")).asInstanceOf(InstanceOfAssertFactories.MAP)
					.containsEntry("code", "target.offline");
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(brokerQueues()).noneMatch((queue) -> queue.contains(idOfC)));
			}
			finally {
				nodeC.close();
			}
		}
	}

	@Test
	void aDeviceThatConnectsOnNodeBIsReachableFromNodeAWithinASecondAndOfflineWithinASecondOfLeaving()
			throws Exception {
		Identity device = freshDevice();
		try (Connection joe = connect(this.clientsA, EventBusTests.JOE)) {
			BlockingQueue<Map<String, Object>> responses = joe.subscribe("/user/queue/responses");
			EventBusTests.subscribed(joe);
			try (Connection onB = connect(this.clientsB, device)) {
				BlockingQueue<Map<String, Object>> requests = onB.subscribe("/user/queue/requests");
				EventBusTests.subscribed(onB);
				await().atMost(Duration.ofSeconds(1)).until(() -> isPresentOn(this.nodeA, device));
				joe.send("/app/request", Map.of("id", "r1", "channel", EventBusTests.ORGANIZATION, "name", "ping",
						"target", Map.of("device", device.uuid())));
				assertThat(requests.poll(10, TimeUnit.SECONDS)).containsEntry("id", "r1");
			}
			await().atMost(Duration.ofSeconds(1)).until(() -> !isPresentOn(this.nodeA, device));
			joe.send("/app/request", Map.of("id", "r2", "channel", EventBusTests.ORGANIZATION, "name", "ping", "target",
					Map.of("device", device.uuid())));
			Map<String, Object> answer = responses.poll(10, TimeUnit.SECONDS);
			assertThat(answer).containsEntry("id", "r2");
			assertThat(answer.get("error")).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("code", "target.offline");
		}
	}

	@Test
	void aNodeStartedAfterAThousandDevicesConnectedElsewhereLearnsThemAllFromFramesOfBoundedSize() throws Exception {
		List<Identity> devices = new ArrayList<>();
		List<RawStompSocket> sockets = new ArrayList<>();
		try (PresenceTopic topic = presenceTopic()) {
			TokenService tokens = this.nodeA.getBean(TokenService.class);
			for (int i = 0; i < 1_000; i++) {
				Identity device = freshDevice();
				devices.add(device);
				sockets.add(RawStompSocket.connect(this.nodeB.getPort(), tokens.issue(device)));
			}
			ExpServer nodeC = node(this.brokerPort).start();
			try {
				String token = tokens.issue(EventBusTests.JOE);
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					String presence = new ServerClient(nodeC.getUrl()).get("/api/presence", token).body();
					assertThat(devices).allMatch((device) -> presence.contains(device.uuid()));
				});
			}
			finally {
				nodeC.close();
			}
			List<PresenceAnnouncement> fromB = topic.from(nodeId(this.nodeB));
			assertThat(fromB).isNotEmpty().allMatch((message) -> message.size() <= LocalPresence.MAX_PER_FRAME);
			assertThat(fromB).anyMatch((message) -> message.kind() == PresenceAnnouncement.Kind.SNAPSHOT
					&& message.parts() > 1 && message.part() == message.parts() - 1);
		}
		finally {
			for (RawStompSocket socket : sockets) {
				socket.close();
			}
		}
	}

	@Test
	void aMissedChangeOfANodeIsRepairedByTheSnapshotTheOtherNodesAskForWhenTheyNoticeTheGap() throws Exception {
		String fake = "fake-" + UUID.randomUUID();
		String idOfA = nodeId(this.nodeA);
		Identity first = freshDevice();
		Identity missed = freshDevice();
		Identity last = freshDevice();
		try (PresenceTopic topic = presenceTopic()) {
			// a node node A does not know yet: A asks it for everything
			topic.send(fake, PresenceAnnouncement.delta(1, Map.of(busName(first), "device"), List.of()));
			topic.awaitFrom(idOfA, (message) -> isAskFor(message, fake));
			topic.send(fake, PresenceAnnouncement.snapshot(1, Map.of(busName(first), "device"), 0, 1));
			await().atMost(Duration.ofSeconds(2)).until(() -> isPresentOn(this.nodeA, first));
			// change 2, the missed device joining, never reaches the broker
			topic.send(fake, PresenceAnnouncement.delta(3, Map.of(busName(last), "device"), List.of()));
			topic.awaitFrom(idOfA, (message) -> isAskFor(message, fake));
			assertThat(isPresentOn(this.nodeA, last)).as("a change after a gap waits for the snapshot").isFalse();
			topic.send(fake, PresenceAnnouncement.snapshot(3,
					Map.of(busName(first), "device", busName(missed), "device", busName(last), "device"), 0, 1));
			await().atMost(Duration.ofSeconds(2))
				.until(() -> isPresentOn(this.nodeA, missed) && isPresentOn(this.nodeA, last));
			topic.send(fake, PresenceAnnouncement.leaving());
			await().atMost(Duration.ofSeconds(2)).until(() -> !isPresentOn(this.nodeA, first));
		}
	}

	private PresenceTopic presenceTopic() throws Exception {
		return new PresenceTopic(this.nodeA.getBean(EventBusProperties.class).getRelay(),
				this.nodeA.getBean(JsonMapper.class), nodeId(this.nodeA));
	}

	private static boolean isAskFor(PresenceAnnouncement message, String node) {
		return message.kind() == PresenceAnnouncement.Kind.ASK && node.equals(message.node());
	}

	private static String busName(Identity identity) {
		return BusPrincipal.nameOf(identity.organization(), identity.uuid());
	}

	@Test
	void fiftySessionsOnANodeShareItsFewBrokerConnectionsAndLeaveNoQueueBehind() throws Exception {
		try (BrokerProxy proxy = new BrokerProxy(this.brokerPort)) {
			ExpServer nodeC = node(proxy.getPort()).start();
			String idOfC = nodeId(nodeC);
			List<Connection> sessions = new ArrayList<>();
			// a shared RabbitMQ may hold queues of others' sessions: only new queues are
			// this test's
			List<String> before = brokerQueues();
			try (StompTestClient clientsC = new StompTestClient(nodeC.getPort())) {
				String channel = freshChannel();
				for (int i = 0; i < 50; i++) {
					Connection session = connect(clientsC, freshDevice());
					sessions.add(session);
					session.subscribe("/user/queue/requests");
					session.subscribe("/user/queue/responses");
					listen(session, (i % 2 == 0) ? channel : freshChannel());
				}
				EventBusTests.subscribed(sessions.toArray(Connection[]::new));
				assertThat(proxy.connections()).isEqualTo(CONNECTIONS);
				assertThat(brokerQueues()).anyMatch((queue) -> queue.contains(idOfC))
					.filteredOn((queue) -> !before.contains(queue))
					.noneMatch((queue) -> queue.contains("-user"));
				sessions.forEach(Connection::close);
				nodeC.close();
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(brokerQueues()).noneMatch((queue) -> queue.contains(idOfC))
						.filteredOn((queue) -> !before.contains(queue))
						.noneMatch((queue) -> queue.contains("-user")));
			}
			finally {
				nodeC.close();
			}
		}
	}

	@Test
	void aNodeCutFromTheBrokerRefusesSendsThenReconnectsAndHearsItsChannelsAgain() throws Exception {
		String channel = freshChannel();
		try (BrokerProxy proxy = new BrokerProxy(this.brokerPort)) {
			ExpServer nodeC = node(proxy.getPort()).start();
			try (StompTestClient clientsC = new StompTestClient(nodeC.getPort());
					Connection onC = connect(clientsC, freshDevice());
					Connection joe = connect(this.clientsA, EventBusTests.JOE)) {
				BlockingQueue<Map<String, Object>> received = listen(onC, channel);
				BlockingQueue<Map<String, Object>> errors = onC.errorQueue();
				EventBusTests.subscribed(onC);
				BrokerAvailability broker = nodeC.getBean(BrokerAvailability.class);
				proxy.cut(true);
				await().atMost(Duration.ofSeconds(10)).until(() -> !broker.isAvailable());
				onC.send("/app/broadcast", Map.of("id", "b1", "channel", channel, "name", "lost"));
				assertThat(errors.poll(10, TimeUnit.SECONDS)).containsEntry("id", "b1")
					.containsEntry("error", Map.of("code", "broker.unavailable", "message",
							"The event bus broker is not available; the message was not sent"));
				proxy.resume();
				await().atMost(Duration.ofSeconds(15)).until(broker::isAvailable);
				assertThat(proxy.connections()).isEqualTo(CONNECTIONS);
				await().atMost(Duration.ofSeconds(15)).until(() -> {
					joe.send("/app/broadcast", Map.of("channel", channel, "name", "back"));
					return received.poll(500, TimeUnit.MILLISECONDS) != null;
				});
			}
			finally {
				nodeC.close();
			}
		}
	}

	@Test
	void aNodeHearsAChannelFromTheBrokerWhileItHasListenersEvenSessionsThatCloseWithoutDisconnect() throws Exception {
		String channel = freshChannel();
		ChannelInterests interests = this.nodeB.getBean(ChannelInterests.class);
		String token = this.nodeB.getBean(TokenService.class).issue(EventBusTests.DEVICE_1);
		try (Connection joe = connect(this.clientsA, EventBusTests.JOE);
				Connection polite = connect(this.clientsB, EventBusTests.DEVICE_1);
				RawStompSocket abrupt = RawStompSocket.connect(this.nodeB.getPort(), token)) {
			BlockingQueue<Map<String, Object>> received = listen(polite, channel);
			abrupt.send("SUBSCRIBE", Map.of("id", "s1", "destination", "/topic/channel." + channel, "receipt", "r1"),
					"");
			assertThat(abrupt.read()).startsWith("RECEIPT");
			assertThat(interests.count(channel)).isEqualTo(2);
			joe.send("/app/broadcast", Map.of("channel", channel, "name", "heard"));
			assertThat(received.poll(10, TimeUnit.SECONDS)).containsEntry("name", "heard");
			polite.close();
			abrupt.close();
			await().atMost(Duration.ofSeconds(10)).until(() -> interests.count(channel) == 0);
		}
	}

	@Test
	void remoteBroadcastsReachOtherConsumersOfTheBrokerChannelThatRegisterTheirInterest() throws Exception {
		String channel = freshChannel();
		ChannelInterests interests = this.nodeB.getBean(ChannelInterests.class);
		SubscribableChannel brokerChannel = this.nodeB.getBean("brokerChannel", SubscribableChannel.class);
		BlockingQueue<String> heard = new LinkedBlockingQueue<>();
		MessageHandler bridge = (message) -> heard
			.add(String.valueOf(SimpMessageHeaderAccessor.getDestination(message.getHeaders())));
		brokerChannel.subscribe(bridge);
		try (Connection joe = connect(this.clientsA, EventBusTests.JOE)) {
			interests.interest(channel).get(10, TimeUnit.SECONDS);
			joe.send("/app/broadcast", Map.of("channel", channel, "name", "for the bridge"));
			assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("/topic/channel." + channel);
		}
		finally {
			interests.release(channel);
			brokerChannel.unsubscribe(bridge);
		}
	}

	@Test
	void aResponseBetweenSessionsOfOneNodeNeverReachesAnotherNode() throws Exception {
		BlockingQueue<String> heardOnB = new LinkedBlockingQueue<>();
		SubscribableChannel brokerChannel = this.nodeB.getBean("brokerChannel", SubscribableChannel.class);
		MessageHandler spy = (message) -> {
			String destination = String.valueOf(SimpMessageHeaderAccessor.getDestination(message.getHeaders()));
			if (destination.endsWith("/queue/responses")) {
				heardOnB.add(destination);
			}
		};
		brokerChannel.subscribe(spy);
		Identity deviceOnA = freshDevice();
		Identity deviceOnB = freshDevice();
		try (Connection joe = connect(this.clientsA, EventBusTests.JOE);
				Connection onA = connect(this.clientsA, deviceOnA);
				Connection onB = connect(this.clientsB, deviceOnB)) {
			BlockingQueue<Map<String, Object>> responses = joe.subscribe("/user/queue/responses");
			BlockingQueue<Map<String, Object>> requestsOnA = onA.subscribe("/user/queue/requests");
			BlockingQueue<Map<String, Object>> requestsOnB = onB.subscribe("/user/queue/requests");
			EventBusTests.subscribed(joe, onA, onB);
			await().atMost(Duration.ofSeconds(10)).until(() -> isPresentOn(this.nodeA, deviceOnB));
			// a requester on node A, a device on node B: node B sends the response across
			requestAndAnswer(joe, "across", deviceOnB, onB, requestsOnB, responses);
			assertThat(heardOnB.poll(10, TimeUnit.SECONDS)).as("a response from node B, before node A has it")
				.isNotNull();
			heardOnB.clear();
			// both on node A: nothing of it reaches node B
			requestAndAnswer(joe, "local", deviceOnA, onA, requestsOnA, responses);
			Thread.sleep(1_000);
			assertThat(heardOnB).as("responses on node B's broker channel").isEmpty();
		}
		finally {
			brokerChannel.unsubscribe(spy);
		}
	}

	private static void requestAndAnswer(Connection requester, String id, Identity target, Connection device,
			BlockingQueue<Map<String, Object>> requests, BlockingQueue<Map<String, Object>> responses)
			throws InterruptedException {
		requester.send("/app/request", Map.of("id", id, "channel", EventBusTests.ORGANIZATION, "name", "ping", "target",
				Map.of("device", target.uuid())));
		Map<String, Object> request = requests.poll(10, TimeUnit.SECONDS);
		assertThat(request).containsEntry("id", id);
		device.send("/app/response", Map.of("id", id, "channel", EventBusTests.ORGANIZATION, "payload", "pong",
				"target", request.get("sender")));
		assertThat(responses.poll(10, TimeUnit.SECONDS)).containsEntry("id", id);
	}

	@Test
	void aBroadcastPostedWithATimeoutGathersAResponseFromAThirdNodeWhileItsSenderListensOnAnother() throws Exception {
		String channel = freshChannel();
		Identity deviceOnB = freshDevice();
		try (ExpServer nodeC = node(this.brokerPort).start();
				StompTestClient clientsC = new StompTestClient(nodeC.getPort());
				Connection joeOnC = connect(clientsC, EventBusTests.JOE);
				Connection onB = connect(this.clientsB, deviceOnB)) {
			BlockingQueue<Map<String, Object>> heard = listen(onB, channel);
			await().atMost(Duration.ofSeconds(10)).until(() -> isPresentOn(this.nodeB, EventBusTests.JOE));
			// Joe listens on node C and POSTs on node A, which gathers the responses
			String token = this.nodeA.getBean(TokenService.class).issue(EventBusTests.JOE);
			CompletableFuture<ServerClient.Answer> gathered = CompletableFuture
				.supplyAsync(() -> new ServerClient(this.nodeA.getUrl()).send("POST",
						"/api/networks/current/broadcasts?timeout=3000", token,
						ServerClient.json(Map.of("name", "getStatus", "channel", channel))));
			Map<String, Object> question = heard.poll(10, TimeUnit.SECONDS);
			assertThat(question).as("the broadcast POSTed on node A, on node B").containsEntry("name", "getStatus");
			onB.send("/app/response", Map.of("id", question.get("id"), "channel", channel, "payload", "fine", "target",
					Map.of("uuid", EventBusTests.JOE.uuid())));
			ServerClient.Answer answer = gathered.get(10, TimeUnit.SECONDS);
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.body()).as("the responses gathered on node A").isEqualTo("[\"fine\"]");
		}
	}

}
