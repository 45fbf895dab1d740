package io.fedcredit.core.vertical;

import io.fedcredit.crypto.psi.AlignedPositions;
import io.fedcredit.crypto.psi.EcdhPsiMessages.BlindedSet;
import io.fedcredit.crypto.psi.EcdhPsiMessages.DoubleBlindedSet;
import io.fedcredit.crypto.psi.EcdhPsiParty;
import io.fedcredit.crypto.psi.EcdhPsiSettings;
import io.fedcredit.crypto.psi.PsiResult;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alignment step of a vertical job: ECDH-PSI between the guest and each host, revealed to
 * the guest only; the guest keeps the rows common to all hosts (in the first host's aligned
 * order) and tells each host those rows as positions in the host's own blinded set. Each host
 * learns the intersection and nothing else of the guest's ids; the relay sees only sealed
 * envelopes (when the link seals).
 */
final class VerticalPsi {
  private VerticalPsi() {}

  /** The PSI settings between the guest and one host: the guest alone learns the result. */
  static EcdhPsiSettings settings(String jobId, String host) {
    return EcdhPsiSettings.builder(jobId + "/psi/" + host)
        .reveal(EcdhPsiSettings.Reveal.GUEST_ONLY).build();
  }

  /** The guest's side: its rows of the intersection with every host, in aligned order. */
  static int[] guest(PartyLink peers, String jobId, List<String> hosts, List<String> ids,
      SecureRandom random) {
    Map<String, EcdhPsiParty> psi = new LinkedHashMap<>();
    for (String h : hosts) {
      EcdhPsiParty p = EcdhPsiParty.guest(ids, settings(jobId, h), random);
      psi.put(h, p);
      peers.send(h, p.blindOwnSet());
    }
    List<Map<Integer, Integer>> positionOfRow = new ArrayList<>();
    int[] order = null;
    for (String h : hosts) {
      EcdhPsiParty p = psi.get(h);
      p.receivePeerSet(peers.receive(h, BlindedSet.class));
      PsiResult r = p.finish(peers.receive(h, DoubleBlindedSet.class));
      int[] pos = p.alignedPositionsForHost().positions();
      int[] rows = r.rows();
      Map<Integer, Integer> m = new HashMap<>();
      for (int i = 0; i < rows.length; i++) {
        m.put(rows[i], pos[i]);
      }
      positionOfRow.add(m);
      if (order == null) {
        order = rows;
      }
    }
    int[] common = Arrays.stream(order)
        .filter(row -> positionOfRow.stream().allMatch(m -> m.containsKey(row))).toArray();
    for (int k = 0; k < hosts.size(); k++) {
      Map<Integer, Integer> m = positionOfRow.get(k);
      peers.send(hosts.get(k), new AlignedPositions(settings(jobId, hosts.get(k)).sessionId(),
          Arrays.stream(common).map(m::get).toArray()));
    }
    return common;
  }

  /** A host's side: its rows of the intersection, in the guest's aligned order. */
  static int[] host(PartyLink peers, String jobId, String guest, List<String> ids,
      SecureRandom random) {
    EcdhPsiParty psi = EcdhPsiParty.host(ids, settings(jobId, peers.self()), random);
    peers.send(guest, psi.blindOwnSet());
    peers.send(guest, psi.receivePeerSet(peers.receive(guest, BlindedSet.class)).orElseThrow());
    return psi.acceptAlignedPositions(peers.receive(guest, AlignedPositions.class)).rows();
  }
}
