package io.exp.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts an embedded EXP server on a free port for a Spring test and points the
 * application's EXP connection at it (an {@code ExpConnectionDetails} bean). The server's
 * handle is a bean too ({@link ExpTestServer}), so a test can stop and start it. It stops
 * with the test's application context.
 * <p>
 * The server leaves the application alone: it runs as its own Spring application (a
 * servlet one, on Tomcat) in its own class loader, and its classes are not on the test's
 * class path. A WebFlux application stays a reactive one on its own server, a Spring MVC
 * application a servlet one, an application without a web server has none, and no bean of
 * the server enters the application's context. Its fixture's ids and secrets are in
 * {@link ExpFixture}.
 *
 * <pre class="code">
 * &#064;SpringBootTest
 * &#064;EmbeddedExpServer
 * class MyEventBusTests { ... }
 * </pre>
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface EmbeddedExpServer {

	/**
	 * The fixture to load, as a Spring resource location; empty for the server's default
	 * fixture.
	 * @return the fixture location
	 */
	String fixture() default "";

	/**
	 * How long issued tokens stay valid, as a duration such as {@code 1h} or {@code 5s}.
	 * @return the token lifetime
	 */
	String tokenLifetime() default "1h";

	/**
	 * The user the application logs in as; empty to log in as a device with
	 * {@link #deviceUuid()}.
	 * @return the username
	 */
	String username() default ExpFixture.JOE;

	/**
	 * The user's password.
	 * @return the password
	 */
	String password() default ExpFixture.JOE_PASSWORD;

	/**
	 * The user's organization.
	 * @return the organization
	 */
	String organization() default ExpFixture.ORGANIZATION;

	/**
	 * A device to log in as, instead of the user, with {@link #deviceSecret()}.
	 * @return the device uuid
	 */
	String deviceUuid() default "";

	/**
	 * The device's secret.
	 * @return the secret
	 */
	String deviceSecret() default "";

}
