package io.exp.client.bus;

import java.lang.reflect.Method;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs listener and responder handlers off the connection's thread: a bounded pool whose full queue makes the
 * connection's thread wait (backpressure to the server) instead of dropping messages; or virtual threads, bounded
 * by the same number of handlers at once.
 */
final class HandlerExecutor {

	private static final Log logger = LogFactory.getLog(HandlerExecutor.class);

	private final ExecutorService executor;

	private final @Nullable Semaphore permits;

	HandlerExecutor(ExpEventBusSettings settings) {
		@Nullable ExecutorService virtual = settings.virtualThreads() ? virtualThreadExecutor() : null;
		if (virtual != null) {
			this.executor = virtual;
			this.permits = new Semaphore(settings.handlerThreads());
		}
		else {
			AtomicInteger count = new AtomicInteger();
			this.executor = new ThreadPoolExecutor(settings.handlerThreads(), settings.handlerThreads(), 0,
					TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(settings.handlerQueueCapacity()), (task) -> {
						Thread thread = new Thread(task, "exp-bus-handler-" + count.incrementAndGet());
						thread.setDaemon(true);
						return thread;
					}, HandlerExecutor::waitForRoom);
			this.permits = null;
		}
	}

	void execute(Runnable handler) {
		if (this.permits == null) {
			this.executor.execute(handler);
			return;
		}
		this.permits.acquireUninterruptibly();
		this.executor.execute(() -> {
			try {
				handler.run();
			}
			finally {
				this.permits.release();
			}
		});
	}

	/**
	 * Returns an executor that runs its tasks one after the other, in order, on this pool: one per listener, so a
	 * listener sees messages in the order they arrived while different listeners run in parallel.
	 */
	Executor serial() {
		Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
		AtomicBoolean scheduled = new AtomicBoolean();
		return new Executor() {

			@Override
			public void execute(Runnable task) {
				tasks.add(task);
				schedule();
			}

			private void schedule() {
				if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
					HandlerExecutor.this.execute(this::drain);
				}
			}

			private void drain() {
				try {
					Runnable next;
					while ((next = tasks.poll()) != null) {
						next.run();
					}
				}
				finally {
					scheduled.set(false);
					schedule();
				}
			}

		};
	}

	void shutdown() {
		this.executor.shutdownNow();
	}

	boolean awaitTermination(long millis) throws InterruptedException {
		return this.executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
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

}
