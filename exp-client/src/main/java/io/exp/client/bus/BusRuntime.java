package io.exp.client.bus;

import org.apache.tomcat.websocket.WsWebSocketContainer;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.messaging.converter.SimpleMessageConverter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * The scheduler, WebSocket container and STOMP client of one run of an
 * {@link ExpEventBus}: made when the bus starts and ended when it stops, so a stopped bus
 * can start again and leaves no thread behind in between.
 */
final class BusRuntime {

	/**
	 * Room for a STOMP frame's command and headers (destination, subscription,
	 * message-id, content-*).
	 */
	static final int FRAME_HEADERS = 4096;

	final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	final Scheduler reactorScheduler;

	final WebSocketStompClient stompClient;

	private final WsWebSocketContainer container = new WsWebSocketContainer();

	BusRuntime(ExpEventBusSettings settings) {
		this.scheduler.setThreadNamePrefix("exp-bus-scheduler-");
		this.scheduler.setPoolSize(1);
		this.scheduler.setDaemon(true);
		this.scheduler.setRemoveOnCancelPolicy(true);
		this.scheduler.initialize();
		this.reactorScheduler = Schedulers.fromExecutorService(this.scheduler.getScheduledExecutor(), "exp-bus");
		int frameLimit = frameLimit(settings);
		this.container.setDefaultMaxTextMessageBufferSize(frameLimit);
		this.container.setDefaultMaxBinaryMessageBufferSize(frameLimit);
		this.stompClient = new WebSocketStompClient(
				new SerializedWritesWebSocketClient(new StandardWebSocketClient(this.container)));
		this.stompClient.setMessageConverter(new SimpleMessageConverter());
		this.stompClient.setInboundMessageSizeLimit(frameLimit);
		this.stompClient.setTaskScheduler(this.scheduler);
		long heartbeat = settings.heartbeat().toMillis();
		this.stompClient.setDefaultHeartbeat(new long[] { heartbeat, heartbeat });
	}

	/**
	 * The largest STOMP frame received: the largest message plus room for the frame's
	 * command and headers, which are not part of the message. Both the STOMP decoder and
	 * the WebSocket container get it, from one setting.
	 */
	static int frameLimit(ExpEventBusSettings settings) {
		return Math.toIntExact(Math.min(Integer.MAX_VALUE, settings.maxMessageSize().toBytes() + FRAME_HEADERS));
	}

	void close() {
		this.stompClient.stop();
		this.reactorScheduler.dispose();
		this.scheduler.shutdown();
		this.container.destroy();
	}

}
