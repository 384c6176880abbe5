/**
 * The EXP API client: resources, data and content over REST, blocking and reactive.
 */
@NullMarked
package io.exp.client.api;

import org.jspecify.annotations.NullMarked;
