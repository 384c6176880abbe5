package io.exp.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A raw HTTP client for the server's tests: no project client classes, just the JDK's
 * HttpClient and Jackson.
 */
public final class ServerClient {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final String baseUrl;

	public ServerClient(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public Answer login(String username, String password, String organization) {
		return send("POST", "/api/auth/login", null,
				json(Map.of("username", username, "password", password, "organization", organization)));
	}

	public String tokenOf(String username, String password, String organization) {
		Answer answer = login(username, password, organization);
		if (answer.status() != 200) {
			throw new IllegalStateException("login failed: " + answer.body());
		}
		return answer.json().get("token").asString();
	}

	public Answer send(String method, String path, String token, String body) {
		return send(method, path, token, body, "application/json");
	}

	public Answer send(String method, String path, String token, String body, String contentType) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)
					: HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", contentType);
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public Answer get(String path, String token) {
		return send("GET", path, token, null);
	}

	public static String json(Object value) {
		return json.writeValueAsString(value);
	}

	/**
	 * An HTTP answer.
	 *
	 * @param status the status
	 * @param body the body
	 */
	public record Answer(int status, String body) {

		public JsonNode json() {
			return ServerClient.json.readTree(this.body);
		}

	}

}
