package io.exp.server.bus;

import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * With {@code exp.server.bus.relay.enabled}, the node joins the other nodes through the
 * broker: its connections ({@link BrokerConnections}), the identities the nodes hold
 * ({@link NodePresence}), and broadcasts and messages for users between nodes
 * ({@link NodeRelay}), broadcasts through a log the nodes share if one is named
 * ({@link BroadcastLog}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("exp.server.bus.relay.enabled")
class RelayConfiguration {

	@Bean
	BrokerConnections eventBusBrokerConnections(EventBusProperties properties,
			@Qualifier("eventBusHeartbeatScheduler") ThreadPoolTaskScheduler scheduler,
			ApplicationEventPublisher events) {
		return new BrokerConnections(properties, scheduler, events);
	}

	@Bean
	NodePresence eventBusNodePresence(BrokerConnections broker, SimpUserRegistry userRegistry,
			@Qualifier("eventBusHeartbeatScheduler") ThreadPoolTaskScheduler scheduler, JsonMapper json,
			EventBusProperties properties) {
		return new NodePresence(broker, userRegistry, scheduler, json, properties.getRelay().getNodeTimeout());
	}

	@Bean
	GatheringNodes eventBusGatheringNodes(BrokerConnections broker, EventBusProperties properties,
			@Qualifier("brokerChannel") AbstractSubscribableChannel brokerChannel) {
		GatheringNodes gathering = new GatheringNodes(broker.nodeId(), properties.getReplyWindow(), Clock.systemUTC());
		brokerChannel.addInterceptor(gathering);
		return gathering;
	}

	@Bean
	SubscriptionInterest eventBusSubscriptionInterest(ChannelInterests interests) {
		return new SubscriptionInterest(interests);
	}

	@Bean
	NodeRelay eventBusNodeRelay(BrokerConnections broker, NodePresence presence, GatheringNodes gathering,
			@Qualifier("brokerChannel") SubscribableChannel brokerChannel, ObjectProvider<BroadcastHistory> history,
			ObjectProvider<BroadcastLog> stream, MissedBroadcasts missed) {
		return new NodeRelay(broker, presence, gathering, brokerChannel, history.getIfAvailable(),
				stream.getIfAvailable() != null, missed);
	}

	@Bean
	MissedBroadcasts eventBusMissedBroadcasts(SubscriptionInterest subscriptions, BeanFactory beanFactory) {
		return new MissedBroadcasts(subscriptions,
				new DiscontinuityFrames(() -> beanFactory.getBean("clientOutboundChannel", MessageChannel.class)));
	}

	/**
	 * With {@code exp.server.bus.history.stream}, broadcasts travel through a RabbitMQ
	 * stream the nodes share: its interceptor comes first on the broker channel, before
	 * the history numbers anything.
	 */
	@Bean
	@ConditionalOnExpression(BroadcastStreamPosition.CONDITION + " and !${exp.server.bus.history.sequencer:false}")
	BroadcastStream eventBusBroadcastStream(BrokerConnections broker,
			@Qualifier("brokerChannel") AbstractSubscribableChannel brokerChannel, BroadcastStreamPosition position,
			EventBusProperties properties, MissedBroadcasts missed) {
		EventBusProperties.History history = properties.getHistory();
		BroadcastStream stream = new BroadcastStream(broker, brokerChannel, history.getStream(), position,
				history.getMaxAge(), missed);
		brokerChannel.addInterceptor(0, stream);
		return stream;
	}

	/**
	 * With {@code exp.server.bus.history.stream} and
	 * {@code exp.server.bus.history.sequencer}, broadcasts travel through an ActiveMQ
	 * Artemis topic one node at a time numbers: its interceptor comes first on the broker
	 * channel, before the history numbers anything.
	 */
	@Bean
	@ConditionalOnExpression(BroadcastStreamPosition.CONDITION + " and ${exp.server.bus.history.sequencer:false}")
	SequencedBroadcasts eventBusSequencedBroadcasts(BrokerConnections broker,
			@Qualifier("brokerChannel") AbstractSubscribableChannel brokerChannel, BroadcastStreamPosition position,
			EventBusProperties properties, MissedBroadcasts missed) {
		SequencedBroadcasts sequenced = new SequencedBroadcasts(broker, brokerChannel,
				properties.getHistory().getStream(), position, properties.getHistory().getMaxAge(), missed);
		brokerChannel.addInterceptor(0, sequenced);
		return sequenced;
	}

}
