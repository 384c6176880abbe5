package io.exp.server.bus;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.postoffice.Binding;
import org.apache.activemq.artemis.core.postoffice.impl.LocalQueueBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.RoutingContext;
import org.apache.activemq.artemis.core.server.impl.RoutingContextImpl;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerBindingPlugin;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On an ActiveMQ Artemis broker embedded in a test, puts a copy of the newest message a
 * retroactive address kept into the next queue bound to the address, once it is bound and
 * before the broker copies into it all the messages the address kept: as a message
 * published between the two reaches it, before older ones (the broker binds a new queue
 * first and copies the kept messages after).
 */
final class OvertakingCopy implements ActiveMQServerBindingPlugin, AutoCloseable {

	private final ActiveMQServer broker;

	private final SimpleString address;

	private final AtomicBoolean armed = new AtomicBoolean();

	private final CountDownLatch done = new CountDownLatch(1);

	/**
	 * @param broker the broker, on which this registers as a plugin
	 * @param address the retroactive address
	 */
	OvertakingCopy(ActiveMQServer broker, String address) {
		this.broker = broker;
		this.address = SimpleString.of(address);
		broker.registerBrokerPlugin(this);
	}

	/** Acts on the next queue bound to the address. */
	void onNextQueue() {
		this.armed.set(true);
	}

	/** Waits until the copy reached the next queue bound to the address. */
	void awaitDone(Duration timeout) throws InterruptedException {
		assertThat(this.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS))
			.as("a copy in a queue bound to " + this.address)
			.isTrue();
	}

	@Override
	public void afterAddBinding(Binding binding) throws ActiveMQException {
		if (binding instanceof LocalQueueBinding && this.address.equals(binding.getAddress())
				&& this.armed.compareAndSet(true, false)) {
			try {
				Message copy = newestKept().copy(this.broker.getStorageManager().generateID());
				copy.setAddress(this.address);
				RoutingContext context = new RoutingContextImpl(null);
				binding.route(copy, context);
				this.broker.getPostOffice().processRoute(copy, context, false);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			this.done.countDown();
		}
	}

	private Message newestKept() throws Exception {
		Queue kept = this.broker
			.locateQueue(ResourceNames.getRetroactiveResourceQueueName(this.broker.getInternalNamingPrefix(),
					this.broker.getConfiguration().getWildcardConfiguration().getDelimiterString(), this.address,
					RoutingType.MULTICAST));
		MessageReference newest = null;
		try (LinkedListIterator<MessageReference> references = kept.browserIterator()) {
			while (references.hasNext()) {
				newest = references.next();
			}
		}
		assertThat(newest).as("a message the address kept").isNotNull();
		return newest.getMessage();
	}

	@Override
	public void close() {
		this.broker.unRegisterBrokerPlugin(this);
	}

}
