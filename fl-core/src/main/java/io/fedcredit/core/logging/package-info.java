/**
 * How FedCredit's command lines log: {@link io.fedcredit.core.logging.LogFormat} switches the
 * console between human-readable lines and one JSON object per line, and
 * {@link io.fedcredit.core.logging.LogContext} puts the job, round and party into SLF4J's MDC,
 * where the JSON lines carry them as fields. Log statements never carry key material, seeds or
 * raw records, whatever the format.
 */
package io.fedcredit.core.logging;
