/**
 * The REST API: resources, data, content delivery, and the JSON error answers.
 */
@NullMarked
package io.exp.server.rest;

import org.jspecify.annotations.NullMarked;
