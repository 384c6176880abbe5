package io.exp.server.auth;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP/1.1 written by hand on a socket, for what the JDK's client will not send (a chosen {@code Host}) or tests do
 * not otherwise see (response headers).
 */
final class RawHttp {

	private static final JsonMapper json = JsonMapper.builder().build();

	private RawHttp() {
	}

	/**
	 * Sends a request with a JSON body and reads the whole response.
	 * @param port the server's port on localhost
	 * @param method the method
	 * @param path the path
	 * @param headers further headers, {@code Host} included
	 * @param body the JSON body
	 * @return the response
	 */
	static Response send(int port, String method, String path, Map<String, String> headers, String body) {
		byte[] content = body.getBytes(StandardCharsets.UTF_8);
		Map<String, String> all = new LinkedHashMap<>();
		all.put("Host", "localhost:" + port);
		all.putAll(headers);
		all.put("Content-Type", "application/json");
		all.put("Content-Length", Integer.toString(content.length));
		all.put("Connection", "close");
		StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
		all.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		head.append("\r\n");
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(content);
			out.flush();
			return Response.parse(socket.getInputStream().readAllBytes());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A response.
	 *
	 * @param status the status
	 * @param headers the headers, by lower-case name
	 * @param body the body, unchunked
	 */
	record Response(int status, Map<String, String> headers, String body) {

		JsonNode json() {
			return RawHttp.json.readTree(this.body);
		}

		static Response parse(byte[] bytes) throws IOException {
			String text = new String(bytes, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			String[] lines = text.substring(0, end).split("\r\n");
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
			byte[] rest = Arrays.copyOfRange(bytes, end + 4, bytes.length);
			byte[] body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? unchunked(rest) : rest;
			return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers,
					new String(body, StandardCharsets.UTF_8));
		}

		private static byte[] unchunked(byte[] chunked) throws IOException {
			InputStream in = new ByteArrayInputStream(chunked);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			while (true) {
				StringBuilder size = new StringBuilder();
				for (int c = in.read(); c != '\n'; c = in.read()) {
					if (c == -1) {
						throw new IOException("Truncated chunk size");
					}
					size.append((char) c);
				}
				int length = Integer.parseInt(size.toString().trim().split(";")[0], 16);
				if (length == 0) {
					return out.toByteArray();
				}
				out.write(in.readNBytes(length));
				in.readNBytes(2);
			}
		}

	}

}
