/**
 * Conversions between FedCredit's domain types and the generated protobuf messages of
 * {@code io.fedcredit.proto}, and the chunking of large vectors into bounded messages. Shared by
 * the coordinator and the client so both ends split, reassemble and validate the same way.
 */
package io.fedcredit.core.wire;
