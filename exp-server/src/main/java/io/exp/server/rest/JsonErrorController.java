package io.exp.server.rest;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the container's error dispatches ({@code /error}: what Tomcat or a filter
 * refused before a controller ran) with a JSON {@link ErrorBody} and the status the
 * container chose, whatever the request accepts. It takes the place of Spring Boot's
 * error controller, which answers HTML to browsers and 406 to other media types.
 */
@RestController
class JsonErrorController implements ErrorController {

	@RequestMapping("${server.error.path:${error.path:/error}}")
	ResponseEntity<ErrorBody> error(HttpServletRequest request) {
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		ErrorBody body = StatusErrors.of((status instanceof Integer code) ? code : 500);
		return ResponseEntity.status(body.status()).contentType(MediaType.APPLICATION_JSON).body(body);
	}

}
