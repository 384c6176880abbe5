package io.exp.benchmarks.scale;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * The raw baseline of a broadcast's fan-out on the node's own container: Tomcat (the
 * version Spring Boot brings) with a Jakarta WebSocket endpoint and nothing else, writing
 * one pre-encoded {@code MESSAGE} frame to every session with the container's
 * asynchronous send, one send in flight per session as the node does. Start it where a
 * node would be, then run {@link NodeCapacityHarness} against
 * {@code ws://localhost:<port>/eventbus} with {@code -DnodePid} set to its process.
 * <p>
 * {@code java -cp ... io.exp.benchmarks.scale.RawTomcatFanOut <port> [text|binary]}: text
 * frames (a {@code String} the container encodes per session, as the node sends them) or
 * binary frames (the same bytes, encoded once).
 */
public final class RawTomcatFanOut extends Endpoint {

	/** The size of a session's receive buffers, as the node's. */
	private static final int RECEIVE_BUFFER_SIZE = 1024;

	private final RawStompExchange exchange = new RawStompExchange();

	private final Set<Outbox> sessions = ConcurrentHashMap.newKeySet();

	private final boolean binary;

	private RawTomcatFanOut(boolean binary) {
		this.binary = binary;
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		boolean binary = args.length > 1 && args[1].equals("binary");
		RawTomcatFanOut endpoint = new RawTomcatFanOut(binary);
		Tomcat tomcat = new Tomcat();
		tomcat.setBaseDir(Files.createTempDirectory("raw-tomcat").toString());
		Connector connector = new Connector();
		connector.setPort(port);
		connector.setProperty("address", "localhost");
		connector.setProperty("maxConnections", "16000");
		// the node's socket buffers (ConnectionBuffers): with Tomcat's defaults and its
		// receive buffers, 15,000 sessions took more than 1 GB of heap
		connector.setProperty("socket.appReadBufSize", "2048");
		connector.setProperty("socket.appWriteBufSize", "2048");
		tomcat.setConnector(connector);
		Context context = tomcat.addContext("", null);
		// the WebSocket upgrade is a filter, and filters run for mapped requests only
		Tomcat.addServlet(context, "default", new HttpServlet() {
		});
		context.addServletMappingDecoded("/", "default");
		context.addServletContainerInitializer(new WsSci(), null);
		context.addServletContainerInitializer((classes, servletContext) -> {
			ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
			// the node's receive buffers (PartialMessages): the devices' frames are
			// smaller
			container.setDefaultMaxTextMessageBufferSize(RECEIVE_BUFFER_SIZE);
			container.setDefaultMaxBinaryMessageBufferSize(RECEIVE_BUFFER_SIZE);
			try {
				container.addEndpoint(ServerEndpointConfig.Builder.create(RawTomcatFanOut.class, "/eventbus")
					.subprotocols(List.of("v12.stomp"))
					.configurator(new ServerEndpointConfig.Configurator() {

						@Override
						public <T> T getEndpointInstance(Class<T> endpointClass) {
							return endpointClass.cast(endpoint);
						}

					})
					.build());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}, null);
		tomcat.start();
		ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
		heartbeats.scheduleAtFixedRate(() -> endpoint.sessions.forEach((outbox) -> outbox.send("\n")), 10, 10,
				TimeUnit.SECONDS);
		System.out.println("raw Tomcat fan-out (" + (binary ? "binary" : "text") + " frames) on ws://localhost:" + port
				+ "/eventbus, pid " + ProcessHandle.current().pid());
		tomcat.getServer().await();
	}

	@Override
	public void onOpen(Session session, EndpointConfig config) {
		session.setMaxIdleTimeout(0);
		Outbox outbox = new Outbox(session);
		this.sessions.add(outbox);
		session.addMessageHandler(String.class, (MessageHandler.Whole<String>) (text) -> this.exchange.received(text,
				outbox::send, (frame) -> broadcast(frame)));
	}

	private void broadcast(byte[] frame) {
		if (this.binary) {
			ByteBuffer shared = ByteBuffer.wrap(frame).asReadOnlyBuffer();
			this.sessions.forEach((outbox) -> outbox.send(shared.duplicate()));
		}
		else {
			String text = new String(frame, StandardCharsets.UTF_8);
			this.sessions.forEach((outbox) -> outbox.send(text));
		}
	}

	@Override
	public void onClose(Session session, CloseReason closeReason) {
		this.sessions.removeIf((outbox) -> outbox.session == session);
	}

	/** A session's frames waiting to be sent: the container takes one send at a time. */
	private static final class Outbox {

		private final Session session;

		private final Queue<Object> waiting = new ConcurrentLinkedQueue<>();

		private final AtomicBoolean sending = new AtomicBoolean();

		Outbox(Session session) {
			this.session = session;
		}

		void send(Object frame) {
			this.waiting.add(frame);
			next();
		}

		private void next() {
			while (!this.waiting.isEmpty() && this.sending.compareAndSet(false, true)) {
				Object frame = this.waiting.poll();
				if (frame == null) {
					this.sending.set(false);
					continue;
				}
				if (frame instanceof ByteBuffer bytes) {
					this.session.getAsyncRemote().sendBinary(bytes, this::sent);
				}
				else {
					this.session.getAsyncRemote().sendText((String) frame, this::sent);
				}
				return;
			}
		}

		private void sent(SendResult result) {
			this.sending.set(false);
			if (result.isOK()) {
				next();
			}
		}

	}

}
