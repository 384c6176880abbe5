package io.exp.server.rest;

import io.exp.server.auth.BadCredentialsException;
import io.exp.server.auth.InvalidTokenException;
import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into a JSON {@link ErrorBody} with the right status, so bad input
 * never gets a 500.
 */
@RestControllerAdvice
class ApiExceptionHandler {

	@ExceptionHandler
	ResponseEntity<ErrorBody> apiException(ApiException ex) {
		return answer(ex.getStatus(), ex.getCode(), ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ErrorBody> invalidToken(InvalidTokenException ex) {
		return answer(HttpStatus.UNAUTHORIZED, "auth.invalidToken", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ErrorBody> badCredentials(BadCredentialsException ex) {
		return answer(HttpStatus.UNAUTHORIZED, "auth.invalidCredentials", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException ex) {
		if (hasCause(ex, DocumentTooLargeException.class)) {
			return answer(HttpStatus.CONTENT_TOO_LARGE, "request.tooLarge", "The document is too large");
		}
		return answer(HttpStatus.BAD_REQUEST, "request.malformed",
				"The request body is not valid JSON of the expected shape");
	}

	@ExceptionHandler
	ResponseEntity<ErrorBody> tooLarge(DocumentTooLargeException ex) {
		return answer(HttpStatus.CONTENT_TOO_LARGE, "request.tooLarge", ex.getMessage());
	}

	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class,
			MissingRequestHeaderException.class, IllegalArgumentException.class })
	ResponseEntity<ErrorBody> badRequest(Exception ex) {
		return answer(HttpStatus.BAD_REQUEST, "request.invalid", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ErrorBody> unsupportedMediaType(HttpMediaTypeNotSupportedException ex) {
		return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "request.unsupportedMediaType",
				"Send the body as application/json");
	}

	@ExceptionHandler
	ResponseEntity<ErrorBody> notAcceptable(HttpMediaTypeNotAcceptableException ex) {
		return answer(HttpStatus.NOT_ACCEPTABLE, "request.notAcceptable", "Accept application/json");
	}

	@ExceptionHandler
	ResponseEntity<ErrorBody> methodNotAllowed(HttpRequestMethodNotSupportedException ex) {
		return answer(HttpStatus.METHOD_NOT_ALLOWED, "request.methodNotAllowed", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ErrorBody> noSuchPath(NoResourceFoundException ex) {
		return answer(HttpStatus.NOT_FOUND, "path.notFound", "No such path: /" + ex.getResourcePath());
	}

	@ExceptionHandler
	ResponseEntity<ErrorBody> invalidParameters(InvalidParameterException ex) {
		// Tomcat's message may echo a parameter's value, a token among them
		ErrorBody body = StatusErrors.of(ex.getErrorCode());
		return answer(HttpStatus.valueOf(body.status()), body.code(), "The request parameters are malformed");
	}

	/**
	 * Answers JSON whatever the request accepts: the content type is set, so Spring does
	 * not negotiate it (an {@code Accept: text/html} would otherwise turn the answer into
	 * a 406 or an HTML page).
	 */
	static ResponseEntity<ErrorBody> answer(HttpStatus status, String code, String message) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(new ErrorBody(code, message, status.value()));
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

}
