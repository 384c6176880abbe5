package io.exp.server.rest;

import java.io.IOException;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;

/**
 * Spring's CORS checks, refusing with a JSON {@link ErrorBody} (403) instead of a
 * plain-text body.
 */
class JsonCorsProcessor extends DefaultCorsProcessor {

	private final JsonMapper json;

	JsonCorsProcessor(JsonMapper json) {
		this.json = json;
	}

	@Override
	protected void rejectRequest(ServerHttpResponse response) throws IOException {
		response.setStatusCode(HttpStatus.FORBIDDEN);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		response.getBody()
			.write(this.json.writeValueAsBytes(new ErrorBody("cors.refused",
					"This origin, method or header is not allowed to call the API across origins",
					HttpStatus.FORBIDDEN.value())));
		response.flush();
	}

}
