package io.exp.boot.autoconfigure;

import io.exp.client.ExpAuthenticationException;
import io.exp.client.ExpConnectionException;
import io.exp.client.ExpException;
import io.exp.client.ExpTimeoutException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start that failed because EXP could not be reached, refused the credentials,
 * or the event bus was not online in time, and names the properties to check.
 */
class ExpStartupFailureAnalyzer extends AbstractFailureAnalyzer<ExpException> {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, ExpException cause) {
		if (cause instanceof ExpConnectionException) {
			return new FailureAnalysis(cause.getMessage(), "Check that the EXP server is running and that exp.host "
					+ "and exp.port point at it, or set exp.event-bus.enabled=false to start without the event bus.",
					cause);
		}
		if (cause instanceof ExpAuthenticationException) {
			return new FailureAnalysis(cause.getMessage(),
					"Check exp.username, exp.password and exp.organization "
							+ "(a user), or exp.uuid with exp.secret (a device) or exp.api-key (a consumer app).",
					cause);
		}
		if (cause instanceof ExpTimeoutException) {
			return new FailureAnalysis(cause.getMessage(), "Check exp.host and exp.port, raise "
					+ "exp.event-bus.start-timeout, or set exp.event-bus.fail-on-start-timeout=false to start and keep "
					+ "connecting in the background.", cause);
		}
		return null;
	}

}
