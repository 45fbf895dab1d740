package io.fedcredit.benchmarks;

import io.fedcredit.crypto.psi.EcdhPsiMessages.BlindedSet;
import io.fedcredit.crypto.psi.EcdhPsiParty;
import io.fedcredit.crypto.psi.EcdhPsiSettings;
import io.fedcredit.crypto.psi.HashToCurve25519;
import io.fedcredit.crypto.psi.X25519;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-thread curve25519 costs behind PSI: FedCredit's X25519 (51-bit limbs, double-estimated
 * high words) against BouncyCastle 1.87's {@code X25519.scalarMult} in the same run; RFC 9380
 * hash to curve; and the batched per-element costs of the PSI steps (one inversion per 128
 * elements), with parallelism 1 so that they compare with the single operations.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(2)
@Threads(1)
@State(Scope.Benchmark)
public class CurveBenchmark {
  static final int BATCH = 1024;
  static final byte[] DST =
      "FedCredit-bench-V01-CS01-with-curve25519_XMD:SHA-512_ELL2_RO_".getBytes(
          StandardCharsets.US_ASCII);

  byte[] scalar = new byte[32];
  byte[] u = new byte[32];
  byte[] out = new byte[32];
  byte[] id = "91310000123456789X".getBytes(StandardCharsets.UTF_8);
  List<String> ids;
  BlindedSet peerSet;
  EcdhPsiSettings settings;
  SecureRandom random = new SecureRandom();

  @Setup
  public void setUp() {
    random.nextBytes(scalar);
    u = X25519.scalarMult(scalar, new byte[] {9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    ids = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      ids.add("9131" + (100_000_000_000L + i));
    }
    settings = EcdhPsiSettings.builder("bench").parallelism(1).build();
    peerSet = EcdhPsiParty.guest(ids, settings, random).blindOwnSet();
  }

  /** FedCredit X25519: one ladder and one inversion. */
  @Benchmark
  public byte[] fedcreditX25519() {
    return X25519.scalarMult(scalar, u);
  }

  /** The baseline: BouncyCastle's X25519, same inputs. */
  @Benchmark
  public byte[] bouncyCastleX25519() {
    org.bouncycastle.math.ec.rfc7748.X25519.scalarMult(scalar, 0, u, 0, out, 0);
    return out;
  }

  /** RFC 9380 hash to curve25519 of an 18-byte id, with its own inversion. */
  @Benchmark
  public byte[] hashToCurve() {
    return HashToCurve25519.hashToCurve(id, DST);
  }

  /** PSI step 1 per id: hash to curve and blind, batched (includes a key and the id check). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public BlindedSet hashAndBlindPerId() {
    return EcdhPsiParty.host(ids, settings, random).blindOwnSet();
  }

  /** PSI step 2 per element: blind a received element, batched (includes the duplicate check). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object blindReceivedPerElement() {
    return EcdhPsiParty.host(ids, settings, random).receivePeerSet(peerSet);
  }
}
