package io.exp.server.rest;

/**
 * The JSON body of every error answer.
 *
 * @param code a stable machine-readable code
 * @param message a human-readable message
 * @param status the HTTP status
 * @since 0.1.0
 */
public record ErrorBody(String code, String message, int status) {
}
