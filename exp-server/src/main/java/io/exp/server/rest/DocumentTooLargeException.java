package io.exp.server.rest;

import java.io.IOException;

/**
 * Thrown while reading a request body that exceeds {@code exp.server.max-document-size};
 * answered with 413.
 */
class DocumentTooLargeException extends IOException {

	DocumentTooLargeException(long limit) {
		super("The document is larger than " + limit + " bytes");
	}

}
