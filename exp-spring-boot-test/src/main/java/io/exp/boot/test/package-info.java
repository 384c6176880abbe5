/**
 * Test support: an embedded EXP server for {@code @SpringBootTest}.
 */
@NullMarked
package io.exp.boot.test;

import org.jspecify.annotations.NullMarked;
