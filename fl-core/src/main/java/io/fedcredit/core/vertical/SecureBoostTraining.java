package io.fedcredit.core.vertical;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.SplitRule;
import io.fedcredit.core.vertical.SecureBoostMessages.HostFeatures;
import io.fedcredit.core.vertical.SecureBoostMessages.LevelReply;
import io.fedcredit.core.vertical.SecureBoostMessages.LevelRequest;
import io.fedcredit.core.vertical.SecureBoostMessages.RouteReply;
import io.fedcredit.core.vertical.SecureBoostMessages.RouteRequest;
import io.fedcredit.core.vertical.SecureBoostMessages.TreeStart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;

/**
 * The step sequence of vertical SecureBoost, one method per role, each talking to the others only
 * through a {@link PartyLink} (as {@link HeteroLrTraining} does for hetero LR): {@link
 * #guestSteps} and {@link #hostSteps}. A networked job runs each on its own party over relayed,
 * sealed links; {@link #run} runs all of them in one process over {@link InProcessLinks},
 * recording every message in a {@link HeteroLrTraining.Transcript}.
 *
 * <p>Once: the guest sends each host its public key ({@code GuestHello}); each host answers with
 * its feature names and bin counts. Per tree: the guest sends each host the tree's rows and
 * encrypted gradients ({@code TreeStart}); per level, each host gets a {@code LevelRequest}
 * (partitions, split choices, nodes to build) and answers a {@code LevelReply} (split ids and
 * partitions, encrypted histograms), until a request says the tree is finished. No arbiter takes
 * part: the guest holds the key.
 */
public final class SecureBoostTraining {
  /** The party id of the guest in {@link #run}. */
  public static final String GUEST = HeteroLrTraining.GUEST;

  private SecureBoostTraining() {}

  /**
   * Trains in one process: each party on its own thread, messages passed in memory.
   *
   * @return the guest's model (the hosts keep theirs: {@link SecureBoostHost#model()})
   */
  public static BoostedTrees run(SecureBoostGuest guest, List<SecureBoostHost> hosts,
      HeteroLrTraining.Transcript transcript, PhaseTimes times) {
    InProcessLinks links = new InProcessLinks(transcript, Duration.ofHours(2));
    Map<String, Callable<BoostedTrees>> tasks = new LinkedHashMap<>();
    List<String> ids = hosts.stream().map(SecureBoostHost::id).toList();
    tasks.put(GUEST, () -> guestSteps(guest, ids, links.link(GUEST), t -> { }, times));
    for (SecureBoostHost h : hosts) {
      tasks.put(h.id(), () -> {
        hostSteps(h, GUEST, links.link(h.id()));
        return null;
      });
    }
    return links.runAll(tasks).get(GUEST);
  }

  /**
   * The guest's steps: trains every tree.
   *
   * @param hosts the hosts' party ids, in joint feature order
   * @param onTree called with the index of every finished tree
   * @param times adds the time spent sending and waiting ({@code guest boost send/wait})
   * @return the guest's model
   */
  public static BoostedTrees guestSteps(SecureBoostGuest guest, List<String> hosts,
      PartyLink link, IntConsumer onTree, PhaseTimes times) {
    PartyLink timed = times.timed(link, "guest boost ");
    for (String h : hosts) {
      timed.send(h, guest.hello());
    }
    for (String h : hosts) {
      guest.hostFeatures(h, timed.receive(h, HostFeatures.class));
    }
    for (int t = 0; t < guest.hello().trees(); t++) {
      for (Map.Entry<String, TreeStart> e : guest.startTree(t).entrySet()) {
        timed.send(e.getKey(), e.getValue());
      }
      while (guest.treeRunning()) {
        Map<String, LevelRequest> owners = guest.ownerRequests();
        if (!owners.isEmpty()) {
          guest.ownerReplies(exchange(timed, owners));
        }
        guest.levelReplies(exchange(timed, guest.levelRequests()));
      }
      onTree.accept(t);
    }
    return guest.model();
  }

  private static Map<String, LevelReply> exchange(PartyLink link,
      Map<String, LevelRequest> requests) {
    requests.forEach(link::send);
    Map<String, LevelReply> replies = new HashMap<>();
    for (String h : requests.keySet()) {
      replies.put(h, link.receive(h, LevelReply.class));
    }
    return replies;
  }

  /** A host's steps: answers the guest until the last tree is finished. */
  public static void hostSteps(SecureBoostHost host, String guest, PartyLink link) {
    link.send(guest, host.hello(link.receive(guest, SecureBoostMessages.GuestHello.class)));
    for (int t = 0; t < host.trees(); t++) {
      host.startTree(link.receive(guest, TreeStart.class));
      LevelRequest r;
      do {
        r = link.receive(guest, LevelRequest.class);
        link.send(guest, host.level(r));
      } while (!r.finished());
    }
  }

  /**
   * The guest's side of scoring rows with a model that has host splits: one round trip per host
   * for the whole batch, asking each host to route every row at every one of its splits.
   *
   * @param ids the rows' enterprise ids (the hosts look their features up by id)
   * @return the decisions, for {@link BoostedTrees#predictRaw(FeatureTable,
   *     BoostedTrees.RemoteDecisions)} on rows in the same order
   */
  public static BoostedTrees.RemoteDecisions requestRoutes(PartyLink link, List<String> hosts,
      BoostedTrees model, List<String> ids) {
    Map<String, List<SplitRule.Remote>> byHost = new LinkedHashMap<>();
    for (String h : hosts) {
      byHost.put(h, new ArrayList<>());
    }
    for (SplitRule.Remote r : model.remoteSplits()) {
      List<SplitRule.Remote> list = byHost.get(r.party());
      if (list == null) {
        throw new VerticalJobException("the model has a split of '" + r.party()
            + "', which is not a host of this job " + hosts);
      }
      list.add(r);
    }
    for (Map.Entry<String, List<SplitRule.Remote>> e : byHost.entrySet()) {
      long[] splitIds = e.getValue().stream().mapToLong(SplitRule.Remote::splitId).toArray();
      link.send(e.getKey(), new RouteRequest(ids, splitIds));
    }
    Map<String, Map<Long, byte[]>> decisions = new HashMap<>();
    for (Map.Entry<String, List<SplitRule.Remote>> e : byHost.entrySet()) {
      RouteReply reply = link.receive(e.getKey(), RouteReply.class);
      if (reply.leftRows().size() != e.getValue().size()) {
        throw new VerticalJobException(e.getKey() + " routed " + reply.leftRows().size()
            + " splits of " + e.getValue().size());
      }
      Map<Long, byte[]> mine = new HashMap<>();
      for (int i = 0; i < e.getValue().size(); i++) {
        byte[] bits = reply.leftRows().get(i);
        RowBits.flags(bits, ids.size(), e.getKey() + " routing of split " + i);
        mine.put(e.getValue().get(i).splitId(), bits);
      }
      decisions.put(e.getKey(), mine);
    }
    return (split, row) -> RowBits.get(decisions.get(split.party()).get(split.splitId()), row);
  }

  /** The host's side of {@link #requestRoutes}: answers one routing request for its rows. */
  public static void serveRoutes(SecureBoostHost host, String guest, PartyLink link,
      FeatureTable rows) {
    link.send(guest, host.route(link.receive(guest, RouteRequest.class), rows));
  }
}
