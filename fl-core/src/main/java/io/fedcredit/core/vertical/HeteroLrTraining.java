package io.fedcredit.core.vertical;

import io.fedcredit.core.vertical.HeteroLrMessages.Decrypted;
import io.fedcredit.core.vertical.HeteroLrMessages.EncryptedLoss;
import io.fedcredit.core.vertical.HeteroLrMessages.EpochResult;
import io.fedcredit.core.vertical.HeteroLrMessages.GuestEpochEnd;
import io.fedcredit.core.vertical.HeteroLrMessages.HostForward;
import io.fedcredit.core.vertical.HeteroLrMessages.MaskedGradient;
import io.fedcredit.core.vertical.HeteroLrMessages.Residual;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The step sequence of hetero logistic regression, one method per role, each talking to the
 * others only through a {@link PartyLink}: {@link #guestSteps}, {@link #hostSteps} and {@link
 * #arbiterSteps}. A networked job runs each on its own party over relayed, sealed links; {@link
 * #run} runs all three in one process over {@link InProcessLinks}, recording every message in a
 * {@link Transcript} so a test can check what each party received.
 *
 * <p>Per batch: each host sends the guest its encrypted predictors; the guest sends each host the
 * encrypted residual; every party sends the arbiter its masked encrypted gradient and gets back
 * the masked decryption. Per epoch: the guest sends the arbiter the encrypted loss, the arbiter
 * sends everyone the epoch's result; all stop together when it says converged.
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

  /** The party id of the arbiter in {@link #run}. */
  public static final String ARBITER = VerticalJobConfig.ARBITER;
  /** The party id of the guest in {@link #run}. */
  public static final String GUEST = "guest";

  private HeteroLrTraining() {}

  /**
   * Trains in one process until convergence or the configured epochs: each party on its own
   * thread, messages passed in memory.
   *
   * @param onEpoch called after every epoch with the arbiter's result
   * @return the arbiter's result of each epoch
   */
  public static List<EpochResult> run(HeteroLrGuest guest, List<HeteroLrHost> hosts,
      HeteroLrArbiter arbiter, HeteroLrConfig config, Transcript transcript,
      Consumer<EpochResult> onEpoch) {
    int batches = guest.batches();
    List<String> hostIds = new ArrayList<>();
    for (HeteroLrHost h : hosts) {
      if (h.batches() != batches) {
        throw new IllegalArgumentException("host " + h.id() + " has " + h.batches()
            + " batches, the guest " + batches + ": the rows are not aligned");
      }
      hostIds.add(h.id());
    }
    InProcessLinks links = new InProcessLinks(transcript, Duration.ofMinutes(30));
    Map<String, Callable<List<EpochResult>>> tasks = new LinkedHashMap<>();
    tasks.put(ARBITER, () -> arbiterSteps(arbiter, GUEST, hostIds, links.link(ARBITER), config,
        batches, onEpoch, new PhaseTimes()));
    tasks.put(GUEST, () -> guestSteps(guest, hostIds, links.link(GUEST), config, r -> { },
        new PhaseTimes()));
    for (HeteroLrHost h : hosts) {
      tasks.put(h.id(), () -> hostSteps(h, GUEST, links.link(h.id()), config,
          new PhaseTimes()));
    }
    return links.runAll(tasks).get(ARBITER);
  }

  /**
   * The guest's steps.
   *
   * @param hosts the hosts' party ids
   * @param link the guest's link (sealed towards the hosts in a networked job)
   * @param times adds the time of the guest's computations
   * @return the arbiter's result of each epoch
   */
  public static List<EpochResult> guestSteps(HeteroLrGuest guest, List<String> hosts,
      PartyLink link, HeteroLrConfig config, Consumer<EpochResult> onEpoch, PhaseTimes times) {
    List<EpochResult> results = new ArrayList<>();
    for (int e = 0; e < config.epochs(); e++) {
      EncryptedLoss loss = null;
      for (int b = 0; b < guest.batches(); b++) {
        List<HostForward> forwards = new ArrayList<>();
        for (String h : hosts) {
          HostForward f = link.receive(h, HostForward.class);
          if (!f.host().equals(h) || f.epoch() != e || f.batch() != b) {
            throw new VerticalJobException("guest expected " + h + "'s predictors of epoch " + e
                + " batch " + b + ", got " + f.host() + "'s of epoch " + f.epoch() + " batch "
                + f.batch());
          }
          forwards.add(f);
        }
        Residual r = times.time("guest residual (add, re-randomize)",
            () -> guest.residual(forwards));
        if (b == 0) {
          loss = guest.loss().orElse(null);
        }
        for (String h : hosts) {
          link.send(h, r);
        }
        int epoch = e;
        int batch = b;
        link.send(ARBITER, times.time("guest gradient X^T[[d]] and mask",
            () -> guest.gradient(epoch, batch)));
        guest.update(link.receive(ARBITER, Decrypted.class));
      }
      link.send(ARBITER, new GuestEpochEnd(e, loss));
      EpochResult result = link.receive(ARBITER, EpochResult.class);
      results.add(result);
      onEpoch.accept(result);
      if (result.converged()) {
        break;
      }
    }
    return results;
  }

  /**
   * A host's steps.
   *
   * @param guest the guest's party id
   * @param link the host's link (sealed towards the guest in a networked job)
   * @param times adds the time of the host's computations
   * @return the arbiter's result of each epoch
   */
  public static List<EpochResult> hostSteps(HeteroLrHost host, String guest, PartyLink link,
      HeteroLrConfig config, PhaseTimes times) {
    List<EpochResult> results = new ArrayList<>();
    for (int e = 0; e < config.epochs(); e++) {
      for (int b = 0; b < host.batches(); b++) {
        int epoch = e;
        int batch = b;
        link.send(guest, times.time("host encrypt predictors",
            () -> host.forward(epoch, batch)));
        Residual r = link.receive(guest, Residual.class);
        if (r.epoch() != e || r.batch() != b) {
          throw new VerticalJobException(host.id() + " expected the residual of epoch " + e
              + " batch " + b + ", got epoch " + r.epoch() + " batch " + r.batch());
        }
        link.send(ARBITER, times.time("host gradient X^T[[d]] and mask",
            () -> host.gradient(r)));
        host.update(link.receive(ARBITER, Decrypted.class));
      }
      EpochResult result = link.receive(ARBITER, EpochResult.class);
      results.add(result);
      if (result.converged()) {
        break;
      }
    }
    return results;
  }

  /**
   * The arbiter's steps: decrypts every party's masked gradient of every batch, closes each
   * epoch with the loss and tells every party the result.
   *
   * @param batches batches per epoch (from the size of the intersection, which all parties
   *     know)
   * @param times adds the time of the decryptions
   * @return the result of each epoch
   */
  public static List<EpochResult> arbiterSteps(HeteroLrArbiter arbiter, String guest,
      List<String> hosts, PartyLink link, HeteroLrConfig config, int batches,
      Consumer<EpochResult> onEpoch, PhaseTimes times) {
    List<String> parties = new ArrayList<>(hosts);
    parties.add(guest);
    List<EpochResult> results = new ArrayList<>();
    for (int e = 0; e < config.epochs(); e++) {
      for (int b = 0; b < batches; b++) {
        for (String p : parties) {
          MaskedGradient m = link.receive(p, MaskedGradient.class);
          if (m.epoch() != e || m.batch() != b) {
            throw new VerticalJobException("arbiter expected " + p + "'s gradient of epoch " + e
                + " batch " + b + ", got epoch " + m.epoch() + " batch " + m.batch());
          }
          link.send(p, times.time("arbiter decrypt", () -> arbiter.decrypt(m)));
        }
      }
      GuestEpochEnd end = link.receive(guest, GuestEpochEnd.class);
      EpochResult result = arbiter.endEpoch(e, end.loss());
      for (String p : parties) {
        link.send(p, result);
      }
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
