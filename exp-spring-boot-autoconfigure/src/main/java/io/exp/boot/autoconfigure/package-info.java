/**
 * Auto-configuration of the EXP API client, event bus and annotated endpoints.
 */
@NullMarked
package io.exp.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
