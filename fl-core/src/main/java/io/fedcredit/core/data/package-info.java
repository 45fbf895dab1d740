/**
 * Tables of enterprises, and how they are read, written and made.
 *
 * <ul>
 *   <li>{@link io.fedcredit.core.data.FeatureTable} (ids, optional 0/1 label, numeric features,
 *       immutable) and its {@link io.fedcredit.core.data.Schema}.
 *   <li>{@link io.fedcredit.core.data.FeatureSource}: where a party's table comes from; the seam
 *       for a later Spark or JDBC source. {@link io.fedcredit.core.data.CsvFeatureSource} reads
 *       CSV.
 *   <li>{@link io.fedcredit.core.data.CsvTableReader} streams a CSV file into a table under
 *       {@link io.fedcredit.core.data.CsvOptions} (id, label policy, features, delimiter);
 *       {@link io.fedcredit.core.data.CsvTableWriter} writes one back exactly. Bad input fails
 *       with a {@link io.fedcredit.core.data.DataFormatException} naming the file, line, column
 *       and value, and the fix.
 *   <li>{@link io.fedcredit.core.data.SyntheticCreditData}: a seeded synthetic SME credit
 *       population with a hidden non-linear default model, split horizontally over banks of
 *       different {@link io.fedcredit.core.data.BankProfile sizes and industry mixes} or
 *       vertically between the platform's data node and a bank
 *       ({@link io.fedcredit.core.data.VerticalLayout}).
 * </ul>
 *
 * <p>Shared test fixtures (the public data sets under {@code ../shared/data}) are in the
 * test-jar: {@code io.fedcredit.core.testing.SharedData}.
 */
package io.fedcredit.core.data;
