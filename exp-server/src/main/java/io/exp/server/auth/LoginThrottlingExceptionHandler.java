package io.exp.server.auth;

import io.exp.server.rest.ErrorBody;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers {@link TooManyLoginsException} with 429, its JSON {@link ErrorBody} and
 * {@code Retry-After} in seconds; ordered before the general handler, which knows it only
 * as an {@code ApiException}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class LoginThrottlingExceptionHandler {

	@ExceptionHandler
	ResponseEntity<ErrorBody> tooManyLogins(TooManyLoginsException ex) {
		return ResponseEntity.status(ex.getStatus())
			.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.getRetryAfter().toSeconds()))
			.body(new ErrorBody(ex.getCode(), ex.getMessage(), ex.getStatus().value()));
	}

}
