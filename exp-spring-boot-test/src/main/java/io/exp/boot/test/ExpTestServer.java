package io.exp.boot.test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The embedded EXP server of a test, as the application sees it: a bean of the test's
 * context, to stop and start the server (to test reconnects) and to count its logins. The
 * server itself runs in its own class loader and its own Spring application, apart from
 * the application's (see {@link EmbeddedExpServer}).
 *
 * @since 0.1.0
 */
public final class ExpTestServer implements AutoCloseable {

	private static final String SERVER_CLASS = "io.exp.server.ExpServer";

	private final ClassLoader classLoader;

	private final Object server;

	private ExpTestServer(ClassLoader classLoader, Object server) {
		this.classLoader = classLoader;
		this.server = server;
	}

	/**
	 * Starts a server on a free port.
	 * @param classLoader the server's class loader
	 * @param tokenLifetime how long issued tokens stay valid
	 * @param fixture the URL of the fixture to load, or {@code null} for the default
	 * fixture
	 * @return the running server
	 */
	static ExpTestServer start(ClassLoader classLoader, Duration tokenLifetime, @Nullable String fixture) {
		try {
			Object builder = invoke(classLoader, null, classLoader.loadClass(SERVER_CLASS).getMethod("builder"));
			invoke(classLoader, builder, builder.getClass().getMethod("tokenLifetime", Duration.class), tokenLifetime);
			// the server's classes are its own, loaded on first use: its dispatcher
			// servlet starts with it rather than
			// on the application's first login, which the application's start timeout
			// bounds
			invoke(classLoader, builder, builder.getClass().getMethod("property", String.class, Object.class),
					"spring.mvc.servlet.load-on-startup", 1);
			if (fixture != null) {
				invoke(classLoader, builder, builder.getClass().getMethod("fixture", String.class), fixture);
			}
			return new ExpTestServer(classLoader, invoke(classLoader, builder, builder.getClass().getMethod("start")));
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("The embedded EXP server does not match exp-spring-boot-test", ex);
		}
	}

	/**
	 * Starts the server again, on the port, with the signing key and the data it had.
	 */
	public void start() {
		call("start");
	}

	/**
	 * Stops the server, keeping its port, signing key and data for {@link #start()}.
	 */
	public void stop() {
		call("stop");
	}

	@Override
	public void close() {
		call("close");
	}

	/**
	 * Whether the server is running.
	 * @return {@code true} between {@link #start()} and {@link #stop()}
	 */
	public boolean isRunning() {
		return (Boolean) call("isRunning");
	}

	/**
	 * Returns the port the server listens on (also while stopped: the port it will take
	 * again).
	 * @return the port
	 */
	public int getPort() {
		return (Integer) call("getPort");
	}

	/**
	 * Returns the server's base URL.
	 * @return {@code http://localhost:PORT}
	 */
	public String getUrl() {
		return (String) call("getUrl");
	}

	/**
	 * Returns how many logins the running server has answered since it started.
	 * @return the login count
	 */
	public long getLoginCount() {
		return (Long) call("getLoginCount");
	}

	/**
	 * Returns how many token refreshes the running server has answered since it started.
	 * @return the refresh count
	 */
	public long getRefreshCount() {
		return (Long) call("getRefreshCount");
	}

	private Object call(String method) {
		try {
			return invoke(this.classLoader, this.server, this.server.getClass().getMethod(method));
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException("The embedded EXP server does not match exp-spring-boot-test", ex);
		}
	}

	/**
	 * Calls the server with its class loader as the thread's context class loader, as
	 * Spring Boot finds its factories, and Tomcat its classes, through it.
	 */
	private static Object invoke(ClassLoader classLoader, @Nullable Object target, Method method, Object... args) {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(classLoader);
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException("The embedded EXP server failed", ex.getCause());
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("The embedded EXP server does not match exp-spring-boot-test", ex);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

}
