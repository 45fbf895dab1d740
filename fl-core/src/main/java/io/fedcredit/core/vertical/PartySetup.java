package io.fedcredit.core.vertical;

import io.fedcredit.core.Seeds;
import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.wire.VerticalWire;
import io.fedcredit.core.transport.UnauthenticatedKeys;
import io.fedcredit.crypto.kex.AgreementKeyPair;
import io.fedcredit.crypto.pki.KeyAttestation;
import io.fedcredit.crypto.pki.KeyAuthentication;
import io.fedcredit.crypto.pki.KeyBinding;
import io.fedcredit.crypto.pki.KeyBindingException;
import io.fedcredit.crypto.seal.SealedChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Steps the guest and the hosts of a vertical job take alike. */
final class PartySetup {
  private PartySetup() {}

  /** The {@link KeyBinding#purpose()} of a sealed channel's key. */
  static final String KEY_PURPOSE = "vertical/sealed-channel-key";

  /**
   * What a party signs for its sealed-channel key: the job, the session (the id of the arbiter's
   * Paillier key for this run of the job, which both parties received in the setup) and the key.
   */
  static KeyBinding keyBinding(String jobId, String session, String party, byte[] key) {
    return KeyBinding.of(KEY_PURPOSE, jobId, session, party, key);
  }

  /**
   * Step 1: exchanges fresh X25519 public keys with each peer (in the clear, each signed with the
   * sender's certificate key when {@code auth} is certified) and returns a link that seals
   * everything to and from them, bound to the job and both party ids.
   *
   * @param session what the key announcements are bound to besides the job: one run of it
   * @throws VerticalJobException when a peer's key is not bound to its certificate (the message
   *     names the peer and the {@link io.fedcredit.crypto.pki.KeyBindingException.Reason})
   */
  static SealedLinks sealTo(PartyLink link, String jobId, String session, List<String> peers,
      VerticalWire wire, KeyAuthentication auth, SecureRandom random) {
    UnauthenticatedKeys.warnOnce(auth, "sealed channels of vertical job " + jobId);
    AgreementKeyPair identity = AgreementKeyPair.generate(random);
    byte[] mine = identity.publicKey();
    KeyAttestation signed = auth.attest(keyBinding(jobId, session, link.self(), mine));
    for (String p : peers) {
      link.send(p, new VerticalJobMessages.KeyAnnouncement(link.self(), mine, signed));
    }
    SealedLinks sealed = new SealedLinks(link, wire);
    for (String p : peers) {
      VerticalJobMessages.KeyAnnouncement a =
          link.receive(p, VerticalJobMessages.KeyAnnouncement.class);
      if (!a.party().equals(p)) {
        throw new VerticalJobException(link.self() + " received " + a.party()
            + "'s key from " + p);
      }
      try {
        auth.verify(keyBinding(jobId, session, p, a.publicKey()), a.attestation());
      } catch (KeyBindingException e) {
        throw new VerticalJobException(link.self() + " refuses the sealed-channel key of " + p
            + ": " + e.getMessage(), e);
      }
      sealed.open(p, new SealedChannel(identity, link.self(), p, a.publicKey(), jobId, random));
    }
    return sealed;
  }

  /**
   * The aligned positions in the training and the test part, from the public seed, so both
   * sides cut the same rows: {@code [0]} training, {@code [1]} test, each ascending.
   */
  static int[][] split(int rows, double testFraction, long seed) {
    SplittableRandom r = new SplittableRandom(Seeds.derive(seed, "vertical-test-split"));
    List<Integer> train = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      (r.nextDouble() < testFraction ? test : train).add(i);
    }
    return new int[][] {train.stream().mapToInt(Integer::intValue).toArray(),
        test.stream().mapToInt(Integer::intValue).toArray()};
  }

  /** The bins of a feature for export, with WOE and points per bin. */
  static List<ModelHalf.Bin> bins(BinEdges edges, double[] woe, double[] points) {
    List<ModelHalf.Bin> out = new ArrayList<>();
    double[] cuts = edges.cuts();
    for (int b = 0; b < edges.bins(); b++) {
      out.add(new ModelHalf.Bin(b, edges.label(b), b == 0 ? null : cuts[b - 1],
          b == cuts.length ? null : cuts[b], woe[b], points[b]));
    }
    return out;
  }

  static double[] sum(double[] a, double[] b) {
    double[] out = Arrays.copyOf(a, a.length);
    for (int i = 0; i < out.length; i++) {
      out[i] += b[i];
    }
    return out;
  }
}
