package io.fedcredit.core.vertical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.credit.Binning;
import io.fedcredit.core.credit.WoeTable;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import java.util.List;
import org.junit.jupiter.api.Test;

class FederatedWoeTest {

  @Test
  void federatedCountsEqualThePlaintextOnes() {
    FeatureTable all = TestTables.logistic(400, 3, 0, 8, "e");
    FeatureTable host = all.withFeatures(List.of("f1", "f2")).withoutLabels();
    double[] y = all.labels();
    PaillierKeyPair guestKeys = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);

    FederatedWoe.EncryptedLabels enc = FederatedWoe.encryptLabels(y, guestKeys);
    FederatedWoe.HostBinning hb = FederatedWoe.hostSums(host, enc, 5);
    List<WoeTable.Feature> federated = FederatedWoe.guestWoe(hb.sums(), guestKeys);

    // the same counts in the clear
    List<BinEdges> edges = Binning.quantiles(host, 5);
    int[][] bins = Binning.assign(host, edges);
    for (int j = 0; j < edges.size(); j++) {
      long[] g = new long[edges.get(j).bins()];
      long[] b = new long[g.length];
      for (int r = 0; r < y.length; r++) {
        if (y[r] == 1) {
          b[bins[j][r]]++;
        } else {
          g[bins[j][r]]++;
        }
      }
      WoeTable.Feature plain = WoeTable.Feature.of(edges.get(j), g, b);
      assertArrayEquals(plain.woe(), federated.get(j).woe(), 1e-12);
      assertEquals(plain.iv(), federated.get(j).iv(), 1e-12);
    }
    // the guest sees bin indices, not the host's cut points
    assertNotEquals(edges.get(0), federated.get(0).edges());
    assertEquals(edges.get(0).bins(), federated.get(0).edges().bins());
  }
}
