package io.exp.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains incomplete or ambiguous {@code exp.*} credentials and names the properties to
 * set.
 */
class InvalidExpCredentialsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidExpCredentialsException> {

	static final String ACTION = """
			Set exactly one of these credential sets:
			    exp.username, exp.password and exp.organization   (a user)
			    exp.uuid and exp.secret                            (a device; exp.allow-pairing optional)
			    exp.uuid and exp.api-key                           (a consumer app)
			or define an ExpConnectionDetails bean.""";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidExpCredentialsException cause) {
		String set = cause.getSetProperties().isEmpty() ? "none of the credential properties is set"
				: "set: " + String.join(", ", cause.getSetProperties());
		return new FailureAnalysis(cause.getMessage() + " (" + set + ").", ACTION, cause);
	}

}
