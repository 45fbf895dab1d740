package io.fedcredit.core.protocol;

import io.fedcredit.core.protocol.Rejection.Reason;
import io.fedcredit.crypto.paillier.PackedCiphertext;
import io.fedcredit.crypto.paillier.PackingScheme;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The coordinator's side of one Paillier-aggregated round: it checks each encrypted input against
 * the job's key and the round's packing, adds it to the running encrypted sum at once (no
 * individual input is kept), and checks the key holder's decryption before decoding it. Not
 * thread-safe; the protocol serializes access.
 */
final class PaillierAggregator {
  private final PaillierAggregationConfig config;
  private final PaillierPublicKey key;
  private final PackingScheme scheme;
  private final int numParameters;
  private final int length;
  private final List<String> contributors = new ArrayList<>();
  private PackedCiphertext sum;
  private double[] decoded;

  /**
   * @param parties participants of the round: the packing leaves room for all their sums
   */
  PaillierAggregator(PaillierAggregationConfig config, PaillierPublicKey key, int numParameters,
      List<String> auxNames, int parties) {
    this.config = config;
    this.key = key;
    this.scheme = config.scheme(parties);
    this.numParameters = numParameters;
    this.length = WeightedInput.length(numParameters, auxNames);
  }

  PackingScheme scheme() {
    return scheme;
  }

  PaillierPublicKey key() {
    return key;
  }

  /** Length of an input vector (before packing). */
  int length() {
    return length;
  }

  /** Ciphertexts an input packs into. */
  int ciphertextCount() {
    int slots = scheme.slotsPerCiphertext(key);
    return (length + slots - 1) / slots;
  }

  /**
   * Adds one party's input to the encrypted sum.
   *
   * @throws Rejection INVALID_VALUE when it is under another key or packed differently or is not
   *     one fresh encryption; WRONG_SHAPE when its length is wrong
   */
  void add(RoundRef ref, PackedCiphertext input) {
    if (!input.publicKey().equals(key)) {
      throw new Rejection(Reason.INVALID_VALUE, ref + ": encrypted input is under key "
          + input.publicKey().keyId() + ", the job's key is " + key.keyId());
    }
    if (!input.scheme().equals(scheme)) {
      throw new Rejection(Reason.INVALID_VALUE, ref + ": encrypted input is packed with "
          + input.scheme() + ", this round uses " + scheme);
    }
    if (input.length() != length) {
      throw new Rejection(Reason.WRONG_SHAPE, ref + ": encrypted input holds " + input.length()
          + " values, expected " + length);
    }
    if (input.summands() != 1) {
      throw new Rejection(Reason.INVALID_VALUE, ref + ": an encrypted input must be one "
          + "encryption (summands 1), this one claims " + input.summands());
    }
    sum = sum == null ? input : sum.add(input);
    contributors.add(ref.participantId());
  }

  /** Ids whose inputs are in the sum, in arrival order. */
  List<String> contributors() {
    return List.copyOf(contributors);
  }

  /** The encrypted sum, or null before the first input. */
  PackedCiphertext sum() {
    return sum;
  }

  /**
   * Takes the key holder's decryption of {@link #sum()}: exact quantized sums, which must lie in
   * the range the contributors' inputs allow and carry a plausible total weight.
   *
   * @throws Rejection WRONG_SHAPE or INVALID_VALUE naming the position at fault
   */
  void receiveSums(RoundRef ref, long[] sums) {
    if (sums.length != length) {
      throw new Rejection(Reason.WRONG_SHAPE, ref + ": decrypted sums have " + sums.length
          + " values, expected " + length);
    }
    long bound = contributors.size() * scheme.maxQuantized();
    for (int i = 0; i < sums.length; i++) {
      if (sums[i] > bound || sums[i] < -bound) {
        throw new Rejection(Reason.INVALID_VALUE, ref + ": decrypted sum " + i + " is "
            + sums[i] + ", outside +-" + bound + " for " + contributors.size() + " inputs");
      }
    }
    double[] values = scheme.dequantize(sums);
    double weight = values[numParameters];
    double most = (double) contributors.size() * config.maxWeight();
    if (!(weight >= contributors.size() && weight <= most)) {
      throw new Rejection(Reason.INVALID_VALUE, ref + ": decrypted total weight " + weight
          + " is impossible for " + contributors.size() + " inputs (each weighs 1 to "
          + config.maxWeight() + ")");
    }
    decoded = values;
  }

  /** The decoded sum, or null until the key holder's sums were accepted. */
  double[] decoded() {
    return decoded;
  }
}
