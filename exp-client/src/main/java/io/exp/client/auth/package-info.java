/**
 * Authentication with EXP: credentials, the auth payload and the source of valid tokens.
 */
@NullMarked
package io.exp.client.auth;

import org.jspecify.annotations.NullMarked;
