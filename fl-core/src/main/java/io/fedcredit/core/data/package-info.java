/**
 * Tables of enterprises and how they are read and made: {@link io.fedcredit.core.data.FeatureTable}
 * (ids, optional 0/1 label, numeric features), {@link io.fedcredit.core.data.Schema}, streaming CSV
 * reading with precise errors, and the synthetic SME credit data generator.
 */
package io.fedcredit.core.data;
