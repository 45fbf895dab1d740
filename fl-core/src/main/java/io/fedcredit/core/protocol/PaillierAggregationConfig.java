package io.fedcredit.core.protocol;

import io.fedcredit.crypto.CryptoException;
import io.fedcredit.crypto.paillier.PackingScheme;
import io.fedcredit.crypto.paillier.PaillierParameters;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import io.fedcredit.crypto.pki.KeyBinding;
import java.util.Locale;

/**
 * How a job aggregates its updates with Paillier encryption, the alternative to secure
 * aggregation.
 *
 * <h2>Trust model</h2>
 * One bank, the <b>key holder</b> ({@code keyHolder}, or the first participant to join when
 * null), generates a fresh key pair of {@code modulusBits} for the job and sends the coordinator
 * only the public key; the private key never leaves that bank's {@code BankClient}. Every bank
 * encrypts its packed update under the public key; the coordinator adds the ciphertexts
 * homomorphically as they arrive (it never holds an individual plaintext and cannot read one), and
 * at the end of the fit phase sends the summed ciphertexts to the key holder, which decrypts,
 * unpacks and returns the plaintext sums; the strategy then receives the sums only
 * ({@link io.fedcredit.core.strategy.FitResults#sumsOnly}). What this does <em>not</em> protect:
 * <ul>
 *   <li>the key holder could decrypt an individual bank's ciphertext if the coordinator colluded
 *       and handed it one: a coordinator and key holder together break privacy, whereas secure
 *       aggregation needs a threshold of colluding banks;</li>
 *   <li>the coordinator must trust the key holder to report the sum honestly (it checks only
 *       lengths, ranges and that the total weight is plausible);</li>
 *   <li>the key holder sees the decrypted sum: the weighted deltas and the round's total example
 *       count (and any auxiliary sums), what the coordinator sees under secure aggregation and,
 *       up to the total count, what every bank sees through the next global model; it checks the
 *       sum's declared number of inputs, but that count comes from the coordinator, so only an
 *       honest coordinator guarantees it never decrypts a single bank's input;</li>
 *   <li>as with any sum, banks that pool their own inputs can subtract them from it;</li>
 *   <li>with certificates (mutual TLS), the key holder signs the public key it generates
 *       ({@link #keyBinding}) and every bank checks, before encrypting under it, that the key in
 *       its fit task is bound to the certificate of the key holder the task names, for this job
 *       and a round not after the current one; a coordinator that substitutes its own key is
 *       refused. It could still replay an older key of the same key holder and job, whose
 *       private key the key holder discarded: that spoils rounds, it does not reveal inputs.
 *       Without certificates (plaintext transport) nothing is signed and the coordinator is
 *       assumed honest-but-curious. A bank can spoil a round by sending an input that overflows
 *       its slots: the key holder's unpacking detects it and the round aborts.</li>
 * </ul>
 * The coordinator never sends a sum of fewer than two inputs for decryption, so an honest
 * coordinator never lets the key holder decrypt one bank's update.
 *
 * <h2>Encoding</h2>
 * Each bank sends {@code [n * clip(delta), n, aux...]} ({@link WeightedInput}, the same vector
 * as under secure aggregation), quantized to {@code round(v * 2^fractionalBits)} in
 * {@code valueBits}-bit slots and packed with a {@link PackingScheme} whose
 * {@code maxSummands} is the round's number of participants, so that the sums are exact. The
 * configuration is refused when the largest input, {@code deltaClip * maxWeight}, does not fit.
 *
 * @param keyHolder id of the bank that holds the private key, or null for the first participant
 *     to join
 * @param modulusBits size of the job's key: 2048 or 3072
 * @param valueBits bits of one quantized value, sign included (2 to 40)
 * @param fractionalBits fixed-point precision, {@code 2^-fractionalBits}
 * @param deltaClip largest absolute value of a delta coordinate; larger ones are clipped
 * @param maxWeight largest example count a party's update is weighted with
 */
public record PaillierAggregationConfig(String keyHolder, int modulusBits, int valueBits,
    int fractionalBits, double deltaClip, long maxWeight) {
  /** The {@link KeyBinding#purpose()} of a job's Paillier key. */
  public static final String KEY_PURPOSE = "paillier/aggregation-key";

  /**
   * What the key holder signs for the job's public key: purpose {@link #KEY_PURPOSE}, the job,
   * the round of the key phase, the key holder and the key's fl-crypto encoding
   * ({@link PaillierPublicKey#toBytes()}).
   */
  public static KeyBinding keyBinding(String jobId, long round, String keyHolder,
      PaillierPublicKey key) {
    return KeyBinding.of(KEY_PURPOSE, jobId, Long.toString(round), keyHolder, key.toBytes());
  }

  /**
   * Key holder: the first participant to join; 2048-bit key, 40-bit values with 15 fractional
   * bits, deltas clipped at 8 and weights up to 2^20 (the largest input, 2^23, fits; with 16
   * fractional bits it would not).
   */
  public static PaillierAggregationConfig defaults() {
    return new PaillierAggregationConfig(null, 2048, 40, 15, 8.0, 1L << 20);
  }

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException naming the setting at fault and the fix
   */
  public PaillierAggregationConfig {
    if (keyHolder != null && keyHolder.isBlank()) {
      throw new IllegalArgumentException("keyHolder is blank: name a participant, or leave it "
          + "unset for the first participant to join");
    }
    if (modulusBits != 2048 && modulusBits != 3072) {
      throw new IllegalArgumentException("modulusBits is " + modulusBits
          + "; use 2048 or 3072");
    }
    WeightedInput.checkBounds(deltaClip, maxWeight);
    PackingScheme scheme = scheme(valueBits, fractionalBits, 1);
    double largest = deltaClip * maxWeight;
    if (largest > scheme.maxMagnitude()) {
      int fits = (int) Math.floor(Math.log(scheme.maxQuantized() / largest) / Math.log(2));
      throw new IllegalArgumentException(String.format(Locale.ROOT, "an input coordinate can "
          + "reach delta clip x max weight = %s, above the largest value %d-bit values with %d "
          + "fractional bits hold (%s); use at most %d fractional bits, more value bits (at "
          + "most 40), or a smaller delta clip or max weight", largest, valueBits,
          fractionalBits, scheme.maxMagnitude(), fits));
    }
  }

  private static PackingScheme scheme(int valueBits, int fractionalBits, int parties) {
    try {
      return PackingScheme.builder().valueBits(valueBits).fractionalBits(fractionalBits)
          .maxSummands(parties).build();
    } catch (CryptoException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The same settings with another key holder (null: the first participant to join). */
  public PaillierAggregationConfig withKeyHolder(String id) {
    return new PaillierAggregationConfig(id, modulusBits, valueBits, fractionalBits, deltaClip,
        maxWeight);
  }

  /** The packing of a round with {@code parties} participants: exact sums over all of them. */
  public PackingScheme scheme(int parties) {
    return scheme(valueBits, fractionalBits, Math.max(1, parties));
  }

  /** The parameters of the job's key pair (the library's safe preset for the modulus size). */
  public PaillierParameters parameters() {
    return modulusBits == 3072 ? PaillierParameters.DEFAULT_3072
        : PaillierParameters.DEFAULT_2048;
  }

  /**
   * A party's input: {@code [n * clip(delta), n, aux...]} ({@link WeightedInput}) quantized for
   * {@code scheme}, ready for {@link PackingScheme#encryptQuantized}.
   *
   * @throws io.fedcredit.crypto.PlaintextOverflowException when an auxiliary value does not fit
   */
  public Encoded encode(double[] delta, long numExamples, double[] aux, PackingScheme scheme) {
    WeightedInput in = WeightedInput.of(delta, numExamples, aux, deltaClip, maxWeight);
    return new Encoded(scheme.quantize(in.values()), in.clipped());
  }

  /** A quantized input and the number of delta coordinates clipped. */
  public record Encoded(long[] quantized, int clipped) {}

  /** {@code paillier(2048-bit key held by bank-a, 40-bit values, clip=8.0, 2^-15)}. */
  public String describe(String holder) {
    return String.format(Locale.ROOT, "paillier(%d-bit key held by %s, %d-bit values, clip=%s, "
        + "2^-%d)", modulusBits, holder, valueBits, deltaClip, fractionalBits);
  }
}
