package io.exp.client.bus;

import org.apache.tomcat.websocket.WsWebSocketContainer;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.messaging.converter.SimpleMessageConverter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * The scheduler, WebSocket container and STOMP client of one run of an {@link ExpEventBus}: made when the bus
 * starts and ended when it stops, so a stopped bus can start again and leaves no thread behind in between.
 */
final class BusRuntime {

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
		this.container.setDefaultMaxTextMessageBufferSize(settings.maxMessageSize() * 2);
		this.container.setDefaultMaxBinaryMessageBufferSize(settings.maxMessageSize() * 2);
		this.stompClient = new WebSocketStompClient(
				new SerializedWritesWebSocketClient(new StandardWebSocketClient(this.container)));
		this.stompClient.setMessageConverter(new SimpleMessageConverter());
		this.stompClient.setInboundMessageSizeLimit(settings.maxMessageSize() * 2);
		this.stompClient.setTaskScheduler(this.scheduler);
		long heartbeat = settings.heartbeat().toMillis();
		this.stompClient.setDefaultHeartbeat(new long[] { heartbeat, heartbeat });
	}

	void close() {
		this.stompClient.stop();
		this.reactorScheduler.dispose();
		this.scheduler.shutdown();
		this.container.destroy();
	}

}
