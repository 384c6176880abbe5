package io.exp.server.bus;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.simp.stomp.ReactorNettyTcpStompClient;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.util.MimeTypeUtils;

import static org.awaitility.Awaitility.await;

/**
 * A plain STOMP client of the broker on the nodes' presence topic: it hears every node's
 * presence messages, and speaks as a node of its own.
 */
final class PresenceTopic implements AutoCloseable {

	private final ReactorNettyTcpStompClient client;

	private final StompSession session;

	private final JsonMapper json;

	private final List<Heard> heard = new CopyOnWriteArrayList<>();

	/** How many of the messages heard {@link #awaitFrom} has passed. */
	private int passed;

	/**
	 * Connects as the nodes do, and subscribes once a node is heard on the topic.
	 * @param relay the nodes' relay properties
	 * @param json the nodes' JSON mapper
	 * @param someNode the id of a running node
	 */
	PresenceTopic(EventBusProperties.Relay relay, JsonMapper json, String someNode) throws Exception {
		this.json = json;
		this.client = new ReactorNettyTcpStompClient(relay.getHost(), relay.getPort());
		this.client.setMessageConverter(new ByteArrayMessageConverter() {

			@Override
			protected boolean supportsMimeType(@Nullable MessageHeaders headers) {
				return true;
			}

		});
		StompHeaders connect = new StompHeaders();
		connect.setLogin(relay.getLogin());
		connect.setPasscode(relay.getPasscode());
		if (!relay.getVirtualHost().isEmpty()) {
			connect.setHost(relay.getVirtualHost());
		}
		this.session = this.client.connectAsync(connect, new StompSessionHandlerAdapter() {
		}).get(10, TimeUnit.SECONDS);
		this.session.subscribe(NodePresence.TOPIC, new StompFrameHandler() {

			@Override
			public Type getPayloadType(StompHeaders headers) {
				return byte[].class;
			}

			@Override
			public void handleFrame(StompHeaders headers, @Nullable Object payload) {
				PresenceTopic.this.heard.add(new Heard(String.valueOf(headers.getFirst(NodeRelay.ORIGIN)),
						PresenceTopic.this.json.readValue((byte[]) payload, PresenceAnnouncement.class)));
			}

		});
		// the node says it is alive every third of the node timeout
		awaitFrom(someNode, (message) -> true);
	}

	/**
	 * Publishes a message as a node.
	 * @param origin the node's id
	 * @param message the message
	 */
	void send(String origin, PresenceAnnouncement message) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination(NodePresence.TOPIC);
		headers.set(NodeRelay.ORIGIN, origin);
		headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
		this.session.send(headers, this.json.writeValueAsBytes(message));
	}

	/**
	 * Waits for a message of a node heard after those this method returned before.
	 * @param origin the node's id
	 * @param wanted which message
	 * @return the message
	 */
	PresenceAnnouncement awaitFrom(String origin, Predicate<PresenceAnnouncement> wanted) {
		return await().atMost(Duration.ofSeconds(10)).until(() -> {
			for (int i = this.passed; i < this.heard.size(); i++) {
				Heard one = this.heard.get(i);
				if (one.origin().equals(origin) && wanted.test(one.message())) {
					this.passed = i + 1;
					return one.message();
				}
			}
			return null;
		}, (message) -> message != null);
	}

	/**
	 * Returns the messages of a node heard so far.
	 * @param origin the node's id
	 * @return its messages, in order
	 */
	List<PresenceAnnouncement> from(String origin) {
		return this.heard.stream().filter((one) -> one.origin().equals(origin)).map(Heard::message).toList();
	}

	@Override
	public void close() {
		this.session.disconnect();
		this.client.shutdown();
	}

	private record Heard(String origin, PresenceAnnouncement message) {
	}

}
