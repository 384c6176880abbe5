package io.exp.server.bus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A STOMP frame as a raw client reads it: command, headers (the first of each name),
 * body.
 */
record StompFrame(String command, Map<String, String> headers, String body) {

	static StompFrame parse(String text) {
		int end = text.indexOf("\n\n");
		String[] lines = text.substring(0, end).split("\n");
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers.putIfAbsent(lines[i].substring(0, colon), lines[i].substring(colon + 1));
		}
		String body = text.substring(end + 2);
		return new StompFrame(lines[0], headers, body.endsWith("\0") ? body.substring(0, body.length() - 1) : body);
	}

	String header(String name) {
		return this.headers.get(name);
	}

}
