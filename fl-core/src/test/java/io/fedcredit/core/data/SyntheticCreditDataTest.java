package io.fedcredit.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.data.SyntheticCreditData.BankTables;
import io.fedcredit.core.data.SyntheticCreditData.HorizontalSplit;
import io.fedcredit.core.data.SyntheticCreditData.IdStyle;
import io.fedcredit.core.data.SyntheticCreditData.VerticalSplit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class SyntheticCreditDataTest {

  private static SyntheticCreditData small(long seed) {
    return SyntheticCreditData.builder().seed(seed)
        .banks(List.of(
            new BankProfile("big", 3000, SyntheticCreditData.cityMix()),
            new BankProfile("tech", 800, Map.of(Industry.TECH, 0.9, Industry.SERVICES, 0.1)),
            new BankProfile("tiny", 100, Map.of(Industry.CONSTRUCTION, 1.0), 0.3)))
        .testRowsPerBank(500)
        .verticalLayout(VerticalLayout.of(2000, 0.7, 1500, 300))
        .build();
  }

  private static void assertSameTable(FeatureTable a, FeatureTable b) {
    assertEquals(a.schema(), b.schema());
    assertArrayEquals(a.ids(), b.ids());
    assertArrayEquals(a.values(), b.values());
    if (a.hasLabels()) {
      assertArrayEquals(a.labels(), b.labels());
    }
  }

  private static double industryShare(FeatureTable t, Industry industry) {
    int j = t.schema().indexOf(industry.columnName());
    double sum = 0;
    for (int r = 0; r < t.rows(); r++) {
      sum += t.value(r, j);
    }
    return sum / t.rows();
  }

  @Test
  void sameSeedGivesIdenticalTablesAndAnotherSeedDifferentOnes() {
    HorizontalSplit a = small(7).horizontal();
    HorizontalSplit b = small(7).horizontal();
    for (int i = 0; i < a.banks().size(); i++) {
      assertSameTable(a.banks().get(i).train(), b.banks().get(i).train());
      assertSameTable(a.banks().get(i).test(), b.banks().get(i).test());
    }
    VerticalSplit v1 = small(7).vertical();
    VerticalSplit v2 = small(7).vertical();
    assertSameTable(v1.platform(), v2.platform());
    assertSameTable(v1.bankTrain(), v2.bankTrain());
    assertSameTable(v1.bankTest(), v2.bankTest());

    FeatureTable other = small(8).horizontal().banks().get(0).train();
    FeatureTable first = a.banks().get(0).train();
    assertFalse(java.util.Arrays.equals(first.values(), other.values()));
    assertFalse(first.id(0).equals(other.id(0)));
  }

  @Test
  void outputDoesNotDependOnTheNumberOfThreads() throws Exception {
    SyntheticCreditData g = small(11);
    FeatureTable parallel = g.population(40_000);
    ForkJoinPool single = new ForkJoinPool(1);
    try {
      FeatureTable sequential = single.submit(() -> g.population(40_000)).get();
      assertSameTable(parallel, sequential);
    } finally {
      single.shutdown();
    }
  }

  @Test
  void schemasAreTheDocumentedOnes() {
    SyntheticCreditData g = small(1);
    assertEquals(Schema.labelled("id", "y", SyntheticCreditData.ALL_FEATURES),
        g.population(10).schema());
    assertEquals(20, SyntheticCreditData.ALL_FEATURES.size());
    VerticalSplit v = g.vertical();
    assertEquals(Schema.unlabelled("id", SyntheticCreditData.PLATFORM_FEATURES),
        v.platform().schema());
    assertEquals(Schema.labelled("id", "y", SyntheticCreditData.BANK_FEATURES),
        v.bankTrain().schema());
    assertEquals(v.bankTrain().schema(), v.bankTest().schema());
  }

  @Test
  void defaultRateIsInRangeAndTheHiddenModelIsLearnable() {
    FeatureTable population = SyntheticCreditData.builder().seed(3).build().population(60_000);
    double rate = TestStats.rate(population);
    assertTrue(rate > 0.08 && rate < 0.15, "default rate " + rate);
    double trueAuc = TestStats.auc(SyntheticCreditData.trueLogit(population),
        population.labels());
    assertTrue(trueAuc > 0.75 && trueAuc < 0.9, "AUC of the true logit " + trueAuc);

    FeatureTable.Split split = population.split(0.3, 5);
    double linearAuc = TestStats.auc(TestStats.logisticScores(split.train(), split.test()),
        split.test().labels());
    double bestAuc = TestStats.auc(SyntheticCreditData.trueLogit(split.test()),
        split.test().labels());
    System.out.printf("population: default rate %.4f, true-logit AUC %.4f;"
        + " on a 30%% test split: true logit %.4f, logistic regression %.4f%n",
        rate, trueAuc, bestAuc, linearAuc);
    assertTrue(linearAuc > 0.7, "a linear model should find most of the signal: " + linearAuc);
    assertTrue(linearAuc < bestAuc, "the hidden model is non-linear: LR " + linearAuc
        + " should not reach the true logit's " + bestAuc);
  }

  @Test
  void demoPresetHasThreeVeryDifferentBanks() {
    SyntheticCreditData demo = SyntheticCreditData.demo();
    HorizontalSplit h = demo.horizontal();
    assertEquals(List.of("bank-a", "bank-b", "bank-c"),
        h.banks().stream().map(BankTables::name).toList());
    assertEquals(List.of(20_000, 5_000, 600),
        h.banks().stream().map(b -> b.train().rows()).toList());
    for (BankTables b : h.banks()) {
      assertEquals(2000, b.test().rows());
      assertTrue(b.train().hasLabels() && b.test().hasLabels());
    }
    FeatureTable pooled = h.pooledTrain();
    FeatureTable pooledTest = h.pooledTest();
    double rate = TestStats.rate(pooled);
    double auc = TestStats.auc(SyntheticCreditData.trueLogit(pooledTest), pooledTest.labels());
    StringBuilder report = new StringBuilder();
    report.append(String.format("demo preset: pooled train default rate %.4f, pooled test"
        + " true-logit AUC %.4f%n", rate, auc));
    for (BankTables b : h.banks()) {
      report.append(String.format("  %s: %d rows, default rate %.4f, true-logit AUC on its test"
          + " %.4f, tech %.2f, construction %.2f%n", b.name(), b.train().rows(),
          TestStats.rate(b.train()),
          TestStats.auc(SyntheticCreditData.trueLogit(b.test()), b.test().labels()),
          industryShare(b.train(), Industry.TECH),
          industryShare(b.train(), Industry.CONSTRUCTION)));
    }
    System.out.print(report);
    assertTrue(rate > 0.08 && rate < 0.15, "pooled default rate " + rate);
    assertTrue(auc > 0.75, "pooled true-logit AUC " + auc);
    // non-IID: industry mixes follow each profile, and default rates differ
    assertEquals(0.56, industryShare(h.bank("bank-b").train(), Industry.TECH), 0.03);
    assertEquals(0.50, industryShare(h.bank("bank-c").train(), Industry.CONSTRUCTION), 0.07);
    assertEquals(0.0, industryShare(h.bank("bank-c").train(), Industry.TECH));
    assertTrue(TestStats.rate(h.bank("bank-c").train()) > TestStats.rate(h.bank("bank-b").train()));
  }

  @Test
  void banksGetTheirConfiguredSizesAndMixes() {
    HorizontalSplit h = small(5).horizontal();
    assertEquals(3000, h.bank("big").train().rows());
    assertEquals(800, h.bank("tech").train().rows());
    assertEquals(100, h.bank("tiny").train().rows());
    assertEquals(500, h.bank("tiny").test().rows());
    assertEquals(0.9, industryShare(h.bank("tech").train(), Industry.TECH), 0.04);
    assertEquals(1.0, industryShare(h.bank("tiny").test(), Industry.CONSTRUCTION));
    assertThrows(IllegalArgumentException.class, () -> h.bank("nobody"));
  }

  @Test
  void idsAreUniqueAcrossBanksAndTables() {
    HorizontalSplit h = small(9).horizontal();
    Set<String> ids = new HashSet<>();
    int total = 0;
    for (BankTables b : h.banks()) {
      ids.addAll(List.of(b.train().ids()));
      ids.addAll(List.of(b.test().ids()));
      total += b.train().rows() + b.test().rows();
    }
    assertEquals(total, ids.size());
    for (String id : ids) {
      assertTrue(id.matches("E\\d{8}"), id);
    }
  }

  @Test
  void aBanksRowsDoNotDependOnTheOtherBanks() {
    List<BankProfile> banks = new ArrayList<>(small(1).banks());
    HorizontalSplit before = small(4).horizontal();
    banks.set(0, banks.get(0).withRows(1234));
    HorizontalSplit after = SyntheticCreditData.builder().seed(4).banks(banks)
        .testRowsPerBank(500).build().horizontal();
    assertArrayEquals(before.bank("tech").train().values(), after.bank("tech").train().values());
    assertArrayEquals(before.bank("tech").train().labels(), after.bank("tech").train().labels());
  }

  @Test
  void testRowsAreOptional() {
    HorizontalSplit h = SyntheticCreditData.builder().seed(2).build().horizontal();
    for (BankTables b : h.banks()) {
      assertEquals(0, b.test().rows());
    }
    assertEquals(0, h.pooledTest().rows());
  }

  @Test
  void verticalOverlapFollowsTheLayout() {
    VerticalSplit v = small(3).vertical();
    VerticalLayout layout = v.layout();
    assertEquals(1400, layout.sharedRows());
    assertEquals(600, layout.bankOnlyRows());
    assertEquals(1400 + 1500 + 300, v.platform().rows());
    assertEquals(2000, v.bankTrain().rows());
    assertEquals(300, v.bankTest().rows());
    assertFalse(v.platform().hasLabels());

    Set<String> platform = new HashSet<>(List.of(v.platform().ids()));
    Set<String> bank = new HashSet<>(List.of(v.bankTrain().ids()));
    Set<String> test = new HashSet<>(List.of(v.bankTest().ids()));
    assertEquals(v.platform().rows(), platform.size());
    assertEquals(v.bankTrain().rows(), bank.size());
    Set<String> both = new HashSet<>(platform);
    both.retainAll(bank);
    assertEquals(1400, both.size());
    assertEquals(both, v.trainingIntersection());
    assertEquals(0.7, layout.overlapFraction(), 1e-12);
    assertTrue(platform.containsAll(test), "test enterprises are known to the platform");
    Set<String> testAndTrain = new HashSet<>(test);
    testAndTrain.retainAll(bank);
    assertTrue(testAndTrain.isEmpty());
    // the two organisations' tables are not aligned row by row
    int aligned = 0;
    for (int r = 0; r < 100; r++) {
      aligned += v.platform().id(r).equals(v.bankTrain().id(r)) ? 1 : 0;
    }
    assertTrue(aligned < 5, aligned + " of the first 100 rows are aligned");
  }

  @Test
  void verticalHalvesOfAnEnterpriseBelongTogether() {
    SyntheticCreditData g = SyntheticCreditData.builder().seed(21)
        .verticalLayout(VerticalLayout.of(30_000, 1.0, 0, 0)).build();
    VerticalSplit v = g.vertical();
    FeatureTable joined = join(v.platform(), v.bankTrain());
    double auc = TestStats.auc(SyntheticCreditData.trueLogit(joined), joined.labels());
    assertTrue(auc > 0.75, "true-logit AUC over the joined halves " + auc);
    double rate = TestStats.rate(v.bankTrain());
    assertTrue(rate > 0.08 && rate < 0.15, "default rate " + rate);
  }

  @Test
  void extremeOverlaps() {
    VerticalSplit none = SyntheticCreditData.builder()
        .verticalLayout(VerticalLayout.of(100, 0.0, 50, 0)).build().vertical();
    assertTrue(none.trainingIntersection().isEmpty());
    assertEquals(50, none.platform().rows());
    VerticalSplit all = SyntheticCreditData.builder()
        .verticalLayout(VerticalLayout.of(100, 1.0, 0, 0)).build().vertical();
    assertEquals(100, all.trainingIntersection().size());
    assertEquals(0, all.bankTest().rows());
  }

  @Test
  void unifiedSocialCreditCodesHaveValidCheckCharacters() {
    FeatureTable t = SyntheticCreditData.builder().seed(5)
        .idStyle(IdStyle.UNIFIED_SOCIAL_CREDIT_CODE).build().population(2000);
    Set<String> seen = new HashSet<>();
    for (String id : t.ids()) {
      assertTrue(id.matches("91\\d{6}\\d{8}[0-9X][0-9A-HJ-NPQRTUWXY]"), id);
      assertTrue(isValidUscc(id), id);
      assertTrue(seen.add(id));
    }
    assertFalse(isValidUscc(t.id(0).substring(0, 17) + (t.id(0).charAt(17) == '0' ? '1' : '0')));
  }

  /** An independent check of GB 32100 / GB 11714 check characters. */
  private static boolean isValidUscc(String code) {
    String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    int[] weights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += alphabet.indexOf(code.charAt(i)) * weights[i];
    }
    if (code.charAt(17) != alphabet.charAt((31 - sum % 31) % 31)) {
      return false;
    }
    int[] orgWeights = {3, 7, 9, 10, 5, 8, 4, 2};
    int orgSum = 0;
    for (int i = 0; i < 8; i++) {
      orgSum += Character.digit(code.charAt(8 + i), 36) * orgWeights[i];
    }
    int c = 11 - orgSum % 11;
    char expected = c == 10 ? 'X' : c == 11 ? '0' : (char) ('0' + c);
    return code.charAt(16) == expected;
  }

  @Test
  void generatedBanksHaveZipfSizesAndSkewedMixes() {
    List<BankProfile> banks = SyntheticCreditData.generateBanks(50, 200_000, 3);
    assertEquals(50, banks.size());
    assertEquals(200_000, banks.stream().mapToInt(BankProfile::rows).sum());
    assertEquals("bank-01", banks.get(0).name());
    assertEquals("bank-50", banks.get(49).name());
    for (int k = 1; k < banks.size(); k++) {
      assertTrue(banks.get(k).rows() <= banks.get(k - 1).rows());
      assertTrue(banks.get(k).rows() >= 20);
    }
    assertTrue(banks.get(0).rows() > 20 * banks.get(49).rows(), "sizes " + banks.get(0).rows()
        + " .. " + banks.get(49).rows());
    long concentrated = banks.stream()
        .filter(b -> List.of(Industry.values()).stream().anyMatch(i -> b.share(i) > 0.6))
        .count();
    assertTrue(concentrated >= 5, concentrated + " banks concentrate on one industry");
    assertEquals(banks, SyntheticCreditData.generateBanks(50, 200_000, 3));
    assertFalse(banks.equals(SyntheticCreditData.generateBanks(50, 200_000, 4)));
    HorizontalSplit h = SyntheticCreditData.builder().seed(3).banks(banks).build().horizontal();
    assertEquals(200_000, h.pooledTrain().rows());
  }

  @Test
  void parametersAreValidatedWhenBuilt() {
    Map<Industry, Double> mix = SyntheticCreditData.cityMix();
    assertThrows(IllegalArgumentException.class, () -> new BankProfile("a", 0, mix));
    assertThrows(IllegalArgumentException.class, () -> new BankProfile(" ", 10, mix));
    assertThrows(IllegalArgumentException.class,
        () -> new BankProfile("a", 10, Map.of(Industry.TECH, -1.0)));
    assertThrows(IllegalArgumentException.class,
        () -> new BankProfile("a", 10, Map.of(Industry.TECH, 0.0)));
    assertThrows(IllegalArgumentException.class, () -> new BankProfile("a", 10, mix, 9));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BankProfile("bank-x", 10, Map.of(Industry.TECH, Double.NaN)));
    assertTrue(e.getMessage().contains("bank-x") && e.getMessage().contains("TECH"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> VerticalLayout.of(100, 1.5, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new VerticalLayout(0, 0, 10, 0));
    assertThrows(IllegalArgumentException.class, () -> new VerticalLayout(-1, 5, 10, 0));
    SyntheticCreditData.Builder b = SyntheticCreditData.builder();
    assertThrows(IllegalArgumentException.class, () -> b.testRowsPerBank(-1));
    assertThrows(IllegalArgumentException.class, () -> b.banks(List.of()));
    assertThrows(IllegalArgumentException.class, () -> b.banks(List.of(
        new BankProfile("a", 10, mix), new BankProfile("a", 20, mix))));
    assertThrows(IllegalArgumentException.class,
        () -> SyntheticCreditData.generateBanks(10, 100, 1));
    assertThrows(IllegalArgumentException.class,
        () -> SyntheticCreditData.builder().build().population(0));
  }

  @Test
  void trueLogitNeedsEveryFeature() {
    FeatureTable bankOnly = small(1).vertical().bankTrain();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SyntheticCreditData.trueLogit(bankOnly));
    assertTrue(e.getMessage().contains("age_years"), e.getMessage());
  }

  @Test
  void generatedTablesRoundTripThroughCsv(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    VerticalSplit v = small(6).vertical();
    java.nio.file.Path platformFile = dir.resolve("platform.csv");
    java.nio.file.Path bankFile = dir.resolve("bank.csv");
    new CsvTableWriter().write(v.platform(), platformFile);
    new CsvTableWriter().write(v.bankTrain(), bankFile);
    CsvRoundTripTest.assertSameTable(v.platform(),
        new CsvTableReader(CsvOptions.unlabelled()).read(platformFile));
    CsvRoundTripTest.assertSameTable(v.bankTrain(),
        new CsvTableReader(CsvOptions.labelled("y")).read(bankFile));
  }

  /** Joins the platform's and the bank's rows on id into one table with every feature. */
  private static FeatureTable join(FeatureTable platform, FeatureTable bank) {
    Map<String, Integer> platformRow = new HashMap<>();
    for (int r = 0; r < platform.rows(); r++) {
      platformRow.put(platform.id(r), r);
    }
    int pf = platform.numFeatures();
    int bf = bank.numFeatures();
    List<String> ids = new ArrayList<>();
    List<Double> labels = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    for (int r = 0; r < bank.rows(); r++) {
      Integer p = platformRow.get(bank.id(r));
      if (p != null) {
        double[] row = new double[pf + bf];
        System.arraycopy(platform.row(p), 0, row, 0, pf);
        System.arraycopy(bank.row(r), 0, row, pf, bf);
        ids.add(bank.id(r));
        labels.add(bank.label(r));
        rows.add(row);
      }
    }
    double[] values = new double[rows.size() * (pf + bf)];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, values, i * (pf + bf), pf + bf);
    }
    List<String> names = new ArrayList<>(platform.schema().featureNames());
    names.addAll(bank.schema().featureNames());
    return FeatureTable.of(Schema.labelled("id", "y", names), ids.toArray(new String[0]),
        labels.stream().mapToDouble(Double::doubleValue).toArray(), values);
  }

  /** One bank of 4,000 construction-heavy rows under a policy, with 0 test rows. */
  private static FeatureTable bankUnder(CreditPolicy policy) {
    BankProfile bank = new BankProfile("b", 4000,
        Map.of(Industry.CONSTRUCTION, 0.5, Industry.TECH, 0.5), 0.1, policy);
    return SyntheticCreditData.builder().seed(21).banks(List.of(bank)).testRowsPerBank(0)
        .build().horizontal().bank("b").train();
  }

  @Test
  void policiesChangeLabelsOnlyAndHardRulesMarkBorrowersBad() {
    FeatureTable standard = bankUnder(CreditPolicy.STANDARD);
    FeatureTable strict = bankUnder(new CreditPolicy(Map.of(),
        Set.of(CreditPolicy.Rule.REJECT_ANY_PENALTY)));
    FeatureTable tolerant = bankUnder(new CreditPolicy(
        Map.of(CreditPolicy.Component.YOUTH, 0.0), Set.of()));
    assertArrayEquals(standard.values(), strict.values(), "same enterprises");
    assertArrayEquals(standard.values(), tolerant.values(), "same enterprises");

    int penalties = standard.schema().indexOf("penalties_3y");
    int age = standard.schema().indexOf("age_years");
    int penalized = 0;
    int flipped = 0;
    double youngStandard = 0;
    double youngTolerant = 0;
    int young = 0;
    for (int r = 0; r < standard.rows(); r++) {
      if (standard.value(r, penalties) >= 1) {
        penalized++;
        assertEquals(1.0, strict.label(r), "row " + r + " has a penalty");
        flipped += standard.label(r) == 0 ? 1 : 0;
      } else {
        assertEquals(standard.label(r), strict.label(r), "row " + r + " is untouched");
      }
      if (standard.value(r, age) < 2) {
        young++;
        youngStandard += standard.label(r);
        youngTolerant += tolerant.label(r);
      }
    }
    assertTrue(penalized > 100 && flipped > 50, penalized + " penalized, " + flipped + " flipped");
    assertTrue(young > 200, young + " young firms");
    assertTrue(youngTolerant < 0.8 * youngStandard,
        "forgiving youth lowers young firms' default count: " + youngTolerant + " vs "
            + youngStandard);
  }

  @Test
  void standardPolicyIsTheOldGeneratorBitForBit() {
    BankProfile plain = new BankProfile("b", 500, SyntheticCreditData.cityMix(), 0.2);
    BankProfile explicit = new BankProfile("b", 500, SyntheticCreditData.cityMix(), 0.2,
        new CreditPolicy(Map.of(CreditPolicy.Component.YOUTH, 1.0), Set.of()));
    FeatureTable a = SyntheticCreditData.builder().seed(5).banks(List.of(plain))
        .testRowsPerBank(0).build().horizontal().bank("b").train();
    FeatureTable b = SyntheticCreditData.builder().seed(5).banks(List.of(explicit))
        .testRowsPerBank(0).build().horizontal().bank("b").train();
    assertSameTable(a, b);
  }

  @Test
  void heterogeneousBanksDifferInSizeAndStandards() {
    List<BankProfile> banks = SyntheticCreditData.heterogeneousBanks();
    assertTrue(banks.size() >= 5);
    assertTrue(banks.stream().anyMatch(b -> b.rows() <= 1000), "a thin book");
    assertTrue(banks.stream().filter(b -> b.policy() != CreditPolicy.STANDARD).count() >= 4);
    var e = assertThrows(IllegalArgumentException.class, () -> new CreditPolicy(
        Map.of(CreditPolicy.Component.LEVERAGE, 6.0), Set.of()));
    assertTrue(e.getMessage().contains("LEVERAGE"), e.getMessage());
  }
}
