package io.exp.server.bus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import io.exp.server.ExpServer;
import io.exp.server.auth.Identity;
import io.exp.server.auth.TokenService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.ExecutorSubscribableChannel;

import static io.exp.server.bus.TickFrames.broadcast;
import static io.exp.server.bus.TickFrames.next;
import static io.exp.server.bus.TickFrames.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A broadcast to many sessions of a node is delivered by its publishing thread and helper
 * threads ({@code exp.server.bus.fan-out.*}, here 2 helpers and shares of at least 10
 * sessions), over raw sockets: every subscriber still gets every broadcast once, in
 * order, with increasing serials; settings it cannot run with stop the node, naming the
 * property.
 */
class ThreadedFanOutTests {

	/** Three shares, of 11, 10 and 10 sessions. */
	private static final int LISTENERS = 31;

	private static final Identity DEVICE = EventBusTests.DEVICE_1;

	private static ExpServer server;

	@BeforeAll
	static void start() {
		server = ExpServer.builder()
			.property("exp.server.bus.fan-out.threads", 2)
			.property("exp.server.bus.fan-out.sessions-per-thread", 10)
			.start();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void aBroadcastToManySessionsIsDeliveredOnTheHelperThreadsToo() throws Exception {
		String channel = channel();
		Set<String> deliveringThreads = ConcurrentHashMap.newKeySet();
		ChannelInterceptor recorder = new ChannelInterceptor() {

			@Override
			public Message<?> preSend(Message<?> message, MessageChannel outbound) {
				if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.MESSAGE) {
					deliveringThreads.add(Thread.currentThread().getName());
				}
				return message;
			}

		};
		ExecutorSubscribableChannel outbound = server.getBean("clientOutboundChannel",
				ExecutorSubscribableChannel.class);
		outbound.addInterceptor(recorder);
		try {
			receiveEveryTickOnceInOrder(channel, 50);
		}
		finally {
			outbound.removeInterceptor(recorder);
		}
		assertThat(deliveringThreads).anyMatch((name) -> name.startsWith("exp-server-fan-out-"))
			.anyMatch((name) -> !name.startsWith("exp-server-fan-out-"));
	}

	@Test
	void everySessionGetsEveryBroadcastOnceInOrderWithIncreasingSerials() throws Exception {
		List<List<StompFrame>> received = receiveEveryTickOnceInOrder(channel(), 300);
		for (List<StompFrame> frames : received) {
			List<Long> serials = frames.stream()
				.map((frame) -> Serial.parse(frame.header(Serial.HEADER)).number())
				.toList();
			assertThat(serials).isSorted().doesNotHaveDuplicates();
		}
	}

	@Test
	void fewerThanNoHelperThreadsAreRefusedNamingTheProperty() {
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> ExpServer.builder().property("exp.server.bus.fan-out.threads", -1).start())
			.havingRootCause()
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.withMessageContaining("exp.server.bus.fan-out.threads");
	}

	@Test
	void sharesOfNoSessionAreRefusedNamingTheProperty() {
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> ExpServer.builder().property("exp.server.bus.fan-out.sessions-per-thread", 0).start())
			.havingRootCause()
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.withMessageContaining("exp.server.bus.fan-out.sessions-per-thread");
	}

	/**
	 * Subscribes {@value #LISTENERS} listeners to a channel, broadcasts ticks 1 to
	 * {@code ticks} as fast as the publisher sends them, and checks that each listener
	 * gets them all, once, in order.
	 */
	private static List<List<StompFrame>> receiveEveryTickOnceInOrder(String channel, int ticks) throws IOException {
		List<RawStompSocket> listeners = new ArrayList<>();
		try (RawStompSocket publisher = connect(EventBusTests.JOE)) {
			for (int i = 0; i < LISTENERS; i++) {
				RawStompSocket listener = connect(DEVICE);
				listeners.add(listener);
				subscribe(listener, channel, Map.of());
			}
			for (int n = 1; n <= ticks; n++) {
				broadcast(publisher, channel, n);
			}
			List<List<StompFrame>> received = new ArrayList<>();
			for (RawStompSocket listener : listeners) {
				List<StompFrame> frames = new ArrayList<>();
				for (int n = 1; n <= ticks; n++) {
					frames.add(next(listener, "MESSAGE"));
				}
				assertThat(frames).extracting(TickFrames::number)
					.as("each broadcast once, in the order the publisher sent them")
					.containsExactlyElementsOf(IntStream.rangeClosed(1, ticks).boxed().toList());
				received.add(frames);
			}
			return received;
		}
		finally {
			for (RawStompSocket listener : listeners) {
				listener.close();
			}
		}
	}

	private static String channel() {
		return EventBusTests.channel("exp", "fan-out-" + UUID.randomUUID(), false, false);
	}

	private static RawStompSocket connect(Identity identity) throws IOException {
		return RawStompSocket.connect(server.getPort(), server.getBean(TokenService.class).issue(identity));
	}

}
