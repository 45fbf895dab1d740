/**
 * The {@code bin/fl} launcher's commands: {@code demo} (coordinator and banks in one process over
 * real gRPC on loopback, synthetic data), {@code simulate horizontal} (the same machinery on the
 * user's CSV files, with a JSON report), and the coordinator and client command lines.
 */
package io.fedcredit.examples;
