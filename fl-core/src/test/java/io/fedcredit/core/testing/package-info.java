/** Test fixtures shared with the other modules through fl-core's test-jar. */
package io.fedcredit.core.testing;
