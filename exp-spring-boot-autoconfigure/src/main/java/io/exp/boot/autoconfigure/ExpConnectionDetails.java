package io.exp.boot.autoconfigure;

import io.exp.client.auth.ExpCredentials;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the EXP server is and who logs in; from {@code exp.*} properties by default, or
 * from test support and other sources that define a bean of this type.
 *
 * @since 0.1.0
 */
public interface ExpConnectionDetails extends ConnectionDetails {

	/**
	 * Returns the server's base URL.
	 * @return for example {@code http://localhost:9000}
	 */
	String getBaseUrl();

	/**
	 * Returns the credentials to log in with.
	 * @return the credentials
	 */
	ExpCredentials getCredentials();

}
