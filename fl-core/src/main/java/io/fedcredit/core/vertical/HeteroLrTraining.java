package io.fedcredit.core.vertical;

import io.fedcredit.core.vertical.HeteroLrMessages.EncryptedLoss;
import io.fedcredit.core.vertical.HeteroLrMessages.EpochResult;
import io.fedcredit.core.vertical.HeteroLrMessages.HostForward;
import io.fedcredit.core.vertical.HeteroLrMessages.Residual;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Drives one hetero logistic regression between a guest, its hosts and an arbiter in one
 * process, passing each message from sender to receiver. Every message goes through
 * {@link Transcript}, so a test can check what each party (and the coordinator that relays
 * guest-host traffic) received; a transport adapter does the same over gRPC.
 */
public final class HeteroLrTraining {

  /** Sees every message: who sent it, to whom, and the message. */
  public interface Transcript {
    void record(String from, String to, Object message);

    /** A transcript that keeps nothing. */
    static Transcript none() {
      return (from, to, message) -> { };
    }
  }

  private HeteroLrTraining() {}

  /**
   * Trains until convergence or the configured epochs.
   *
   * @param onEpoch called after every epoch with the arbiter's result
   * @return the arbiter's result of each epoch
   */
  public static List<EpochResult> run(HeteroLrGuest guest, List<HeteroLrHost> hosts,
      HeteroLrArbiter arbiter, HeteroLrConfig config, Transcript transcript,
      Consumer<EpochResult> onEpoch) {
    int batches = guest.batches();
    for (HeteroLrHost h : hosts) {
      if (h.batches() != batches) {
        throw new IllegalArgumentException("host " + h.id() + " has " + h.batches()
            + " batches, the guest " + batches + ": the rows are not aligned");
      }
    }
    List<EpochResult> results = new ArrayList<>();
    for (int e = 0; e < config.epochs(); e++) {
      EncryptedLoss loss = null;
      for (int b = 0; b < batches; b++) {
        List<HostForward> forwards = new ArrayList<>();
        for (HeteroLrHost h : hosts) {
          HostForward f = h.forward(e, b);
          transcript.record(h.id(), "guest", f);
          forwards.add(f);
        }
        Residual r = guest.residual(forwards);
        if (b == 0) {
          loss = guest.loss().orElse(null);
        }
        for (HeteroLrHost h : hosts) {
          transcript.record("guest", h.id(), r);
          var masked = h.gradient(r);
          transcript.record(h.id(), "arbiter", masked);
          var plain = arbiter.decrypt(masked);
          transcript.record("arbiter", h.id(), plain);
          h.update(plain);
        }
        var masked = guest.gradient(e, b);
        transcript.record("guest", "arbiter", masked);
        var plain = arbiter.decrypt(masked);
        transcript.record("arbiter", "guest", plain);
        guest.update(plain);
      }
      if (loss != null) {
        transcript.record("guest", "arbiter", loss);
      }
      EpochResult result = arbiter.endEpoch(e, loss);
      transcript.record("arbiter", "all", result);
      results.add(result);
      onEpoch.accept(result);
      if (result.converged()) {
        break;
      }
    }
    return results;
  }

  /** The guest's probabilities for its aligned rows, with every host's partial scores. */
  public static double[] predictAligned(HeteroLrGuest guest, List<HeteroLrHost> hosts) {
    double[] sum = null;
    for (HeteroLrHost h : hosts) {
      double[] s = h.partialScores();
      if (sum == null) {
        sum = s;
      } else {
        for (int i = 0; i < sum.length; i++) {
          sum[i] += s[i];
        }
      }
    }
    return guest.predict(sum);
  }
}
