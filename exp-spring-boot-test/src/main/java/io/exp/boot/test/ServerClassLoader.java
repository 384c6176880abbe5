package io.exp.boot.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.StreamUtils;

/**
 * The class loader of the embedded server, one per JVM: exp-server's executable jar,
 * which this module carries as a resource ({@value #EXECUTABLE_JAR}) and unpacks into a
 * temporary directory.
 * <p>
 * Why not exp-server as an ordinary dependency: its Spring MVC, Tomcat, JDBC and Flyway
 * on the application's test class path decide the application's type (Spring Boot deduces
 * servlet as soon as Spring MVC is present, so a WebFlux application's test would run on
 * Tomcat) and switch on auto-configurations the application does not have in production.
 * No property set from the annotation can undo that: the type is deduced before any
 * context customizer runs, and the auto-configurations would still see the classes. So
 * the server's classes stay out of the application's class loader altogether: the parent
 * here is the platform class loader, and only SLF4J is taken from the application, so
 * that the server logs through the application's logging.
 */
final class ServerClassLoader extends URLClassLoader {

	static final String EXECUTABLE_JAR = "io/exp/boot/test/exp-server.jar";

	private static final String CLASSES = "BOOT-INF/classes/";

	private static final String CLASSPATH_INDEX = "BOOT-INF/classpath.idx";

	private static @Nullable ServerClassLoader instance;

	private final ClassLoader application;

	private ServerClassLoader(URL[] urls, ClassLoader application) {
		super("exp-server", urls, ClassLoader.getPlatformClassLoader());
		this.application = application;
	}

	/**
	 * Returns the server's class loader, unpacking the server on first use.
	 * @param application the application's class loader, where the server's jar and SLF4J
	 * are found
	 * @return the class loader
	 */
	static synchronized ServerClassLoader get(ClassLoader application) {
		if (instance == null) {
			instance = new ServerClassLoader(unpack(application), application);
			instance.leaveUrlHandlersToTheApplication();
		}
		return instance;
	}

	/**
	 * A JVM has one URL stream handler factory, and each Tomcat sets its own: the first
	 * wins and the second fails to start ("factory already defined"). The server's Tomcat
	 * serves no {@code war:} URLs, so it leaves the factory to the application's Tomcat,
	 * if the application has one.
	 */
	private void leaveUrlHandlersToTheApplication() {
		try {
			loadClass("org.apache.catalina.webresources.TomcatURLStreamHandlerFactory").getMethod("disable")
				.invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("The embedded EXP server's Tomcat does not match exp-spring-boot-test", ex);
		}
	}

	@Override
	protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
		if (name.startsWith("org.slf4j.")) {
			try {
				return this.application.loadClass(name);
			}
			catch (ClassNotFoundException ex) {
				// the application has no SLF4J: the server uses its own
			}
		}
		return super.loadClass(name, resolve);
	}

	private static URL[] unpack(ClassLoader application) {
		URL jar = application.getResource(EXECUTABLE_JAR);
		Assert.state(jar != null, () -> "The embedded EXP server is missing from exp-spring-boot-test ("
				+ EXECUTABLE_JAR + "): in this project's build, run at least the package phase, e.g. ./mvnw verify");
		try {
			Path directory = Files.createTempDirectory("exp-server-");
			Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory), "exp-server-cleanup"));
			Path copy = directory.resolve("exp-server.jar");
			try (InputStream in = jar.openStream()) {
				Files.copy(in, copy);
			}
			try (ZipFile zip = new ZipFile(copy.toFile())) {
				List<URL> urls = new ArrayList<>();
				urls.add(unpackClasses(zip, directory.resolve("classes")).toUri().toURL());
				for (String lib : libraries(zip)) {
					urls.add(unpackEntry(zip, lib, directory.resolve(lib)).toUri().toURL());
				}
				return urls.toArray(URL[]::new);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not unpack the embedded EXP server", ex);
		}
	}

	private static Path unpackClasses(ZipFile zip, Path target) throws IOException {
		Enumeration<? extends ZipEntry> entries = zip.entries();
		while (entries.hasMoreElements()) {
			ZipEntry entry = entries.nextElement();
			if (entry.getName().startsWith(CLASSES) && !entry.isDirectory()) {
				unpackEntry(zip, entry.getName(), target.resolve(entry.getName().substring(CLASSES.length())));
			}
		}
		return target;
	}

	/**
	 * The nested jars in the order the server's build gave them (BOOT-INF/classpath.idx).
	 */
	private static List<String> libraries(ZipFile zip) throws IOException {
		ZipEntry index = zip.getEntry(CLASSPATH_INDEX);
		Assert.state(index != null, "The embedded EXP server's jar has no " + CLASSPATH_INDEX);
		try (InputStream in = zip.getInputStream(index)) {
			return StreamUtils.copyToString(in, StandardCharsets.UTF_8)
				.lines()
				.filter((line) -> line.startsWith("- \""))
				.map((line) -> line.substring(3, line.length() - 1))
				.toList();
		}
	}

	private static Path unpackEntry(ZipFile zip, String name, Path target) throws IOException {
		ZipEntry entry = zip.getEntry(name);
		Assert.state(entry != null, () -> "The embedded EXP server's jar has no " + name);
		Files.createDirectories(target.getParent());
		try (InputStream in = zip.getInputStream(entry)) {
			Files.copy(in, target);
		}
		return target;
	}

	private static void delete(Path directory) {
		try {
			FileSystemUtils.deleteRecursively(directory);
		}
		catch (IOException ex) {
			// a temporary directory: the system cleans it up
		}
	}

}
