package io.exp.server.rest;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the container's error dispatches ({@code /error}: what Tomcat or a filter refused before a controller
 * ran) with a JSON {@link ErrorBody} and the status the container chose, whatever the request accepts. It takes the
 * place of Spring Boot's error controller, which answers HTML to browsers and 406 to other media types.
 */
@RestController
class JsonErrorController implements ErrorController {

	@RequestMapping(path = "${server.error.path:${error.path:/error}}", produces = MediaType.ALL_VALUE)
	ResponseEntity<ErrorBody> error(HttpServletRequest request) {
		ErrorBody body = StatusErrors.of(status(request));
		return ResponseEntity.status(body.status()).contentType(MediaType.APPLICATION_JSON).body(body);
	}

	private static int status(HttpServletRequest request) {
		for (Object cause = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION); cause instanceof Throwable ex;
				cause = ex.getCause()) {
			if (ex instanceof InvalidParameterException invalid) {
				return invalid.getErrorCode();
			}
		}
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		return (status instanceof Integer code) ? code : 500;
	}

}
