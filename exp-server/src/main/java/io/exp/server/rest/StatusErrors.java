package io.exp.server.rest;

import org.springframework.http.HttpStatus;

/**
 * The error body of an answer known only by its status, as Tomcat and the servlet
 * container give them: a stable code for the status and its reason phrase, never the
 * container's own text (it may echo the request).
 */
final class StatusErrors {

	private StatusErrors() {
	}

	static ErrorBody of(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		HttpStatus answered = (known != null) ? known
				: ((status >= 400 && status < 500) ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR);
		return new ErrorBody(code(answered), answered.getReasonPhrase(), answered.value());
	}

	private static String code(HttpStatus status) {
		return switch (status) {
			case BAD_REQUEST -> "request.invalid";
			case UNAUTHORIZED -> "auth.invalidToken";
			case FORBIDDEN -> "auth.forbidden";
			case NOT_FOUND -> "path.notFound";
			case METHOD_NOT_ALLOWED -> "request.methodNotAllowed";
			case CONTENT_TOO_LARGE -> "request.tooLarge";
			default -> status.is4xxClientError() ? "request.rejected" : "server.error";
		};
	}

}
