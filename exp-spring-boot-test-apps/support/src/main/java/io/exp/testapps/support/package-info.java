/**
 * What the test applications share: a listener and the tests that prove the embedded
 * server leaves them alone.
 */
@NullMarked
package io.exp.testapps.support;

import org.jspecify.annotations.NullMarked;
