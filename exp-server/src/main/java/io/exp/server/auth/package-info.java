/**
 * Authentication: login for users, devices and consumer apps, and the signed tokens the
 * server issues.
 */
@NullMarked
package io.exp.server.auth;

import org.jspecify.annotations.NullMarked;
