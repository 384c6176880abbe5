package io.exp.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP/1.1 over a plain socket, for requests that {@code java.net.http} refuses to build
 * (bad escapes, encoded slashes kept as they are, an {@code OPTIONS} with any header):
 * the request line goes out byte for byte.
 */
public final class RawHttp {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final int port;

	public RawHttp(int port) {
		this.port = port;
	}

	/**
	 * Sends one request and reads the answer to the end (the connection is closed after
	 * it).
	 * @param method the method
	 * @param target the request target, sent as it is
	 * @param headers header lines such as {@code "Accept: text/html"}; {@code Host} is
	 * the server's unless given
	 * @return the answer
	 */
	public Answer send(String method, String target, String... headers) {
		return sendWithBody(method, target, null, headers);
	}

	public Answer sendWithBody(String method, String target, String body, String... headers) {
		StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		if (Arrays.stream(headers).noneMatch((header) -> header.regionMatches(true, 0, "Host:", 0, 5))) {
			request.append("Host: localhost:").append(this.port).append("\r\n");
		}
		request.append("Connection: close\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
		if (body != null) {
			request.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
		}
		request.append("\r\n");
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.write(content);
			out.flush();
			return Answer.parse(socket.getInputStream().readAllBytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * An answer.
	 *
	 * @param status the status
	 * @param headers the headers, by lower-case name
	 * @param body the body (de-chunked)
	 */
	public record Answer(int status, Map<String, String> headers, String body) {

		static Answer parse(byte[] raw) {
			String all = new String(raw, StandardCharsets.ISO_8859_1);
			int end = all.indexOf("\r\n\r\n");
			String[] lines = all.substring(0, end).split("\r\n");
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
			String body = all.substring(end + 4);
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				body = dechunk(body);
			}
			return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers,
					new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
		}

		// the body is still bytes as ISO-8859-1 characters, one per byte, so chunk sizes
		// count characters
		private static String dechunk(String chunked) {
			StringBuilder body = new StringBuilder();
			int at = 0;
			while (true) {
				int lineEnd = chunked.indexOf("\r\n", at);
				int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
				if (size == 0) {
					return body.toString();
				}
				body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
				at = lineEnd + 2 + size + 2;
			}
		}

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

		public JsonNode json() {
			return RawHttp.json.readTree(this.body);
		}

	}

}
