package io.exp.client.bus;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs listener and responder handlers off the connection's thread: a bounded pool whose
 * full queue makes the connection's thread wait (backpressure to the server) instead of
 * dropping messages; or virtual threads, bounded by the same number of handlers at once.
 * Its threads live from {@link #start()} to {@link #shutdown()}, once per run of the bus;
 * {@link #drain(Duration)} lets the handlers running or waiting finish first. Handlers
 * offered after a drain began are dropped.
 */
final class HandlerExecutor {

	private static final Log logger = LogFactory.getLog(HandlerExecutor.class);

	private final ExpEventBusSettings settings;

	private volatile @Nullable Run run;

	HandlerExecutor(ExpEventBusSettings settings) {
		this.settings = settings;
	}

	void start() {
		@Nullable ExecutorService virtual = this.settings.virtualThreads() ? virtualThreadExecutor() : null;
		if (virtual != null) {
			this.run = new Run(virtual, new Semaphore(this.settings.handlerThreads()));
			return;
		}
		AtomicInteger count = new AtomicInteger();
		this.run = new Run(new ThreadPoolExecutor(this.settings.handlerThreads(), this.settings.handlerThreads(), 0,
				TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(this.settings.handlerQueueCapacity()), (task) -> {
					Thread thread = new Thread(task, "exp-bus-handler-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				}, HandlerExecutor::waitForRoom), null);
	}

	void execute(Runnable handler) {
		Run current = this.run;
		if (current != null) {
			current.execute(handler);
		}
	}

	/**
	 * Returns an executor that runs its tasks one after the other, in order, on this
	 * pool: one per listener, so a listener sees messages in the order they arrived while
	 * different listeners run in parallel. A drain cut short by a stop is started again
	 * on the next run's pool.
	 */
	Executor serial() {
		Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
		AtomicReference<@Nullable Run> draining = new AtomicReference<>();
		return new Executor() {

			@Override
			public void execute(Runnable task) {
				tasks.add(task);
				schedule();
			}

			private void schedule() {
				Run current = HandlerExecutor.this.run;
				Run previous = draining.get();
				if (current != null && !tasks.isEmpty() && (previous == null || previous != current)
						&& draining.compareAndSet(previous, current)) {
					current.execute(() -> drain(current));
				}
			}

			private void drain(Run on) {
				try {
					Runnable next;
					while ((next = tasks.poll()) != null) {
						next.run();
					}
				}
				finally {
					draining.compareAndSet(on, null);
					schedule();
				}
			}

		};
	}

	/**
	 * Takes no more handlers and waits for the running and waiting ones to finish, up to
	 * a timeout.
	 * @return whether every handler finished in time
	 */
	boolean drain(Duration timeout) {
		Run current = this.run;
		if (current == null) {
			return true;
		}
		current.executor().shutdown();
		try {
			return current.executor().awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	void shutdown() {
		Run current = this.run;
		this.run = null;
		if (current != null) {
			current.executor().shutdownNow();
		}
	}

	private static void waitForRoom(Runnable task, ThreadPoolExecutor executor) {
		if (executor.isShutdown()) {
			return;
		}
		try {
			executor.getQueue().put(task);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static @Nullable ExecutorService virtualThreadExecutor() {
		try {
			Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
			return (ExecutorService) factory.invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			logger.info("Virtual threads need Java 21+; EXP event bus handlers run on platform threads");
			return null;
		}
	}

	/**
	 * The pool of one run, and the permits that bound virtual threads.
	 */
	private record Run(ExecutorService executor, @Nullable Semaphore permits) {

		void execute(Runnable handler) {
			if (this.permits == null) {
				this.executor.execute(handler);
				return;
			}
			this.permits.acquireUninterruptibly();
			try {
				this.executor.execute(() -> {
					try {
						handler.run();
					}
					finally {
						this.permits.release();
					}
				});
			}
			catch (RejectedExecutionException ex) {
				this.permits.release();
				logger.debug("Dropped a message that arrived while the EXP event bus was stopping");
			}
		}

	}

}
