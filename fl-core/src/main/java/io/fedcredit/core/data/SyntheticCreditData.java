package io.fedcredit.core.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A synthetic SME credit population, as a city credit-information platform and the banks that
 * lend to its enterprises would hold it; for demos, tests and benchmarks on a machine without
 * real data.
 *
 * <p><b>Features.</b> The platform's data node holds, per enterprise ({@link #PLATFORM_FEATURES}):
 * age in years, log registered capital, employees, social-security headcount and its 12-month
 * relative change, provident-fund coverage ratio, log tax paid in the last 12 months and its
 * growth, log subsidies received in 3 years (0 for none), administrative penalties in 3 years,
 * and one-hot industry columns ({@link Industry}). A bank holds ({@link #BANK_FEATURES}): log
 * loan amount, log account turnover over 12 months, past delinquencies and the loan-to-turnover
 * ratio, and the label {@code y} (1 = default). Distributions are skewed and correlated the way
 * such records are: gamma ages, log-normal sizes, staff, tax and capital that grow together,
 * zero-inflated tax and subsidies, Poisson counts.
 *
 * <p><b>Default.</b> A hidden model ({@link #trueLogit(FeatureTable)}) with non-linearities and
 * interactions (young firm x high leverage, penalties x shrinking headcount, a jump at two
 * delinquencies, industry effects), plus an unobserved shock. About 11% of the population
 * defaults (10.5% over the demo banks, from 7% at the tech-heavy bank to 19% at the rural one);
 * the hidden model itself reaches an AUC of about 0.81 and a logistic regression on the raw
 * features about 0.79 (measured by {@code SyntheticCreditDataTest}).
 *
 * <p><b>Splits.</b> {@link #horizontal()} gives each bank of the configured {@link BankProfile}s
 * its own enterprises (same columns, different sizes and industry mixes), a training table and a
 * held-out test table drawn from the same bank distribution. {@link #vertical()} gives the
 * platform's table (platform features, no label) and one bank's tables (bank features and label)
 * over partially overlapping enterprises laid out by a {@link VerticalLayout}.
 * {@link #population(int)} gives one table with every column.
 *
 * <p><b>Determinism.</b> Every row is drawn from its own seed, derived from the generator seed,
 * the table and the row number; tables are generated in parallel over row ranges and are
 * identical whatever the number of threads, and across JDK versions. The same configuration and
 * seed give identical tables; a bank's rows (apart from their ids) do not depend on the other
 * banks. Four million enterprises take a few seconds on two cores.
 *
 * <p><b>Ids</b> are distinct within a split: {@code E} and eight digits (a scrambled enterprise
 * number), or 18-character unified social credit codes with valid check characters
 * ({@link IdStyle}).
 *
 * <p>Instances are immutable and thread-safe; each call generates fresh tables.
 */
public final class SyntheticCreditData {
  /** The platform's feature columns, in table order. */
  public static final List<String> PLATFORM_FEATURES = EnterpriseModel.PLATFORM_NAMES;
  /** A bank's own feature columns, in table order. */
  public static final List<String> BANK_FEATURES = EnterpriseModel.BANK_NAMES;
  /** Every feature: platform then bank columns; the layout of horizontal and population tables. */
  public static final List<String> ALL_FEATURES = EnterpriseModel.ALL_NAMES;
  /** Id column of every generated table. */
  public static final String ID_COLUMN = "id";
  /** Label column of every labelled generated table (1 = default). */
  public static final String LABEL_COLUMN = "y";

  private static final Schema FULL = Schema.labelled(ID_COLUMN, LABEL_COLUMN, ALL_FEATURES);
  private static final Schema PLATFORM = Schema.unlabelled(ID_COLUMN, PLATFORM_FEATURES);
  private static final Schema BANK = Schema.labelled(ID_COLUMN, LABEL_COLUMN, BANK_FEATURES);
  private static final int CHUNK = 8192;
  private static final int ID_HALF = 10_000; // ids are eight digits: two halves of four

  // random streams: one per kind of table, so no two tables share row seeds
  private static final long STREAM_POPULATION = 1;
  private static final long STREAM_VERTICAL = 2;
  private static final long STREAM_SHUFFLE = 3;
  private static final long STREAM_HORIZONTAL = 1L << 20;
  private static final long STREAM_BANKS = 4;
  private static final long STREAM_IDS = 5;

  /** How generated enterprise ids look. */
  public enum IdStyle {
    /** {@code E} followed by eight digits, such as {@code E13976486}. */
    SEQUENTIAL,
    /**
     * An 18-character unified social credit code of an enterprise (GB 32100-2015 shape: {@code
     * 91}, a six-digit division code, an organization code with its GB 11714 check character,
     * and the overall check character), such as {@code 91330102179359063N}.
     */
    UNIFIED_SOCIAL_CREDIT_CODE
  }

  private final long seed;
  private final List<BankProfile> banks;
  private final int testRowsPerBank;
  private final Map<Industry, Double> populationMix;
  private final VerticalLayout verticalLayout;
  private final IdStyle idStyle;
  private final long idKey;

  private SyntheticCreditData(Builder b) {
    this.seed = b.seed;
    this.banks = List.copyOf(b.banks);
    this.testRowsPerBank = b.testRowsPerBank;
    this.populationMix = b.populationMix;
    this.verticalLayout = b.verticalLayout;
    this.idStyle = b.idStyle;
    this.idKey = RowRandom.seedFor(seed, STREAM_IDS, 0);
  }

  /** A builder with the defaults listed on each of its methods. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The demo federation: seed 7, {@link #demoBanks()}, 2,000 test rows per bank, the
   * {@link VerticalLayout#demo() demo vertical layout}.
   */
  public static SyntheticCreditData demo() {
    return builder().seed(7).banks(demoBanks()).testRowsPerBank(2000).build();
  }

  /**
   * Three very different banks: a large city bank lending across industries, a mid-sized bank
   * of tech and service firms with a safer book, and a small rural bank of construction and
   * logistics firms with a riskier one, whose 600 borrowers are too few to learn from alone.
   */
  public static List<BankProfile> demoBanks() {
    return List.of(
        new BankProfile("bank-a", 20_000, weights(0.25, 0.20, 0.15, 0.12, 0.18, 0.10)),
        new BankProfile("bank-b", 5_000, weights(0.04, 0.08, 0.02, 0.56, 0.28, 0.02), -0.3),
        new BankProfile("bank-c", 600, weights(0.08, 0.05, 0.50, 0.0, 0.02, 0.35), 0.2));
  }

  /**
   * Six banks that share the features but not the credit standards, of very different sizes
   * (600 to 20,000 training rows): the setting where one global model serves no bank best.
   *
   * <ul>
   *   <li>{@code city-bank} (20,000): lends across industries by the city's standards;
   *   <li>{@code tech-lender} (4,000): young tech and service firms; forgives youth (x0.2) and
   *       weighs provident-fund coverage twice;
   *   <li>{@code strict-tax} (6,000): rejects any firm with an administrative penalty, weighs
   *       tax behaviour twice;
   *   <li>{@code builder-bank} (2,500): construction and logistics; leverage counts three times,
   *       two delinquencies mean rejection; riskier book (+0.3);
   *   <li>{@code retail-coop} (1,500): retail and services; size matters little (x0.3), safer
   *       book (-0.3);
   *   <li>{@code thin-book} (600): a small rural bank; shrinking staff weighs twice, firms under
   *       a year are rejected.
   * </ul>
   */
  public static List<BankProfile> heterogeneousBanks() {
    return List.of(
        new BankProfile("city-bank", 20_000, weights(0.25, 0.20, 0.15, 0.12, 0.18, 0.10)),
        new BankProfile("tech-lender", 4_000, weights(0.04, 0.06, 0.02, 0.60, 0.26, 0.02), 0.0,
            new CreditPolicy(Map.of(CreditPolicy.Component.YOUTH, 0.2,
                CreditPolicy.Component.COVERAGE, 2.0), Set.of())),
        new BankProfile("strict-tax", 6_000, weights(0.30, 0.20, 0.10, 0.10, 0.20, 0.10), -0.2,
            new CreditPolicy(Map.of(CreditPolicy.Component.TAX, 2.0),
                Set.of(CreditPolicy.Rule.REJECT_ANY_PENALTY))),
        new BankProfile("builder-bank", 2_500, weights(0.10, 0.02, 0.55, 0.0, 0.03, 0.30), 0.3,
            new CreditPolicy(Map.of(CreditPolicy.Component.LEVERAGE, 3.0),
                Set.of(CreditPolicy.Rule.REJECT_TWO_DELINQUENCIES))),
        new BankProfile("retail-coop", 1_500, weights(0.05, 0.55, 0.02, 0.03, 0.33, 0.02), -0.3,
            new CreditPolicy(Map.of(CreditPolicy.Component.SIZE, 0.3), Set.of())),
        new BankProfile("thin-book", 600, weights(0.15, 0.20, 0.25, 0.05, 0.15, 0.20), 0.0,
            new CreditPolicy(Map.of(CreditPolicy.Component.SHRINKING, 2.0),
                Set.of(CreditPolicy.Rule.REJECT_YOUNGER_THAN_ONE_YEAR))));
  }

  /**
   * The city's industry mix, the default {@link Builder#populationMix}: manufacturing 22%,
   * retail 24%, construction 12%, tech 14%, services 18%, logistics 10%.
   */
  public static Map<Industry, Double> cityMix() {
    return weights(0.22, 0.24, 0.12, 0.14, 0.18, 0.10);
  }

  /**
   * {@code n} banks named {@code bank-01} ... with Zipf-distributed sizes (the k-th largest has
   * weight {@code 1 / k^1.1}, at least 20 rows each, {@code totalRows} in all), industry mixes
   * drawn from a sparse Dirichlet distribution (some banks concentrate on one or two industries)
   * and risk offsets drawn around 0 (standard deviation 0.2). Deterministic in {@code seed}.
   *
   * @throws IllegalArgumentException unless {@code 1 <= n} and {@code 20 * n <= totalRows}
   */
  public static List<BankProfile> generateBanks(int n, int totalRows, long seed) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    if (totalRows < 20L * n) {
      throw new IllegalArgumentException("totalRows must be >= 20 per bank (" + 20L * n
          + " for " + n + " banks), got " + totalRows);
    }
    double[] w = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      w[k] = Math.pow(k + 1, -1.1);
      sum += w[k];
    }
    // 20 rows each, the rest by weight with largest remainders
    int spare = totalRows - 20 * n;
    int[] sizes = new int[n];
    double[] remainder = new double[n];
    int given = 0;
    for (int k = 0; k < n; k++) {
      double exact = spare * w[k] / sum;
      sizes[k] = 20 + (int) exact;
      remainder[k] = exact - (int) exact;
      given += (int) exact;
    }
    for (int left = spare - given; left > 0; left--) {
      int best = 0;
      for (int k = 1; k < n; k++) {
        if (remainder[k] > remainder[best]) {
          best = k;
        }
      }
      sizes[best]++;
      remainder[best] = -1;
    }
    int width = Math.max(2, Integer.toString(n).length());
    RowRandom r = new RowRandom();
    List<BankProfile> banks = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      r.reset(RowRandom.seedFor(seed, STREAM_BANKS, k));
      Map<Industry, Double> mix = new EnumMap<>(Industry.class);
      double total = 0;
      for (Industry industry : Industry.values()) {
        double g = r.gamma(0.5);
        mix.put(industry, g);
        total += g;
      }
      if (!(total > 0)) {
        mix.put(Industry.values()[r.below(Industry.values().length)], 1.0);
      }
      double offset = Math.max(-0.6, Math.min(0.6, 0.2 * r.normal()));
      String name = String.format("bank-%0" + width + "d", k + 1);
      banks.add(new BankProfile(name, sizes[k], mix, offset));
    }
    return List.copyOf(banks);
  }

  /** The seed every table is derived from. */
  public long seed() {
    return seed;
  }

  /** The banks of {@link #horizontal()}. */
  public List<BankProfile> banks() {
    return banks;
  }

  /** The layout of {@link #vertical()}. */
  public VerticalLayout verticalLayout() {
    return verticalLayout;
  }

  /**
   * One training and one test table per bank: the same columns ({@link #ALL_FEATURES} and the
   * label), distinct enterprises (ids unique across all banks and both tables), each bank's
   * industry mix and risk offset. Test tables have {@code testRowsPerBank} rows, drawn from the
   * same bank distribution as the training table (empty tables when it is 0).
   */
  public HorizontalSplit horizontal() {
    List<BankTables> out = new ArrayList<>(banks.size());
    long nextId = 0;
    for (int b = 0; b < banks.size(); b++) {
      BankProfile bank = banks.get(b);
      double[] cdf = BankProfile.cumulative(bank.industryWeights());
      long stream = STREAM_HORIZONTAL + 2L * b;
      FeatureTable train = fullTable(bank.rows(), stream, nextId, cdf, bank.riskOffset(),
          bank.policy());
      nextId += bank.rows();
      FeatureTable test = fullTable(testRowsPerBank, stream + 1, nextId, cdf, bank.riskOffset(),
          bank.policy());
      nextId += testRowsPerBank;
      out.add(new BankTables(bank, train, test));
    }
    return new HorizontalSplit(out);
  }

  /**
   * One table of {@code rows} enterprises from the population mix with every column
   * ({@link #ALL_FEATURES} and the label): what a single party holding everything would see; the
   * centralized baseline, and the scale test of 4 million enterprises.
   *
   * @throws IllegalArgumentException unless {@code 1 <= rows <= 99,999,999}
   */
  public FeatureTable population(int rows) {
    if (rows < 1 || rows > VerticalLayout.MAX_ENTERPRISES) {
      throw new IllegalArgumentException(
          "rows must be in [1, " + VerticalLayout.MAX_ENTERPRISES + "], got " + rows);
    }
    return fullTable(rows, STREAM_POPULATION, 0, BankProfile.cumulative(populationMix), 0.0,
        CreditPolicy.STANDARD);
  }

  /**
   * The platform's table and one bank's tables over partially overlapping enterprises from the
   * population mix, laid out by {@link #verticalLayout()}. Each enterprise is drawn once, so its
   * platform features in one table and its bank features and label in the other belong together.
   * Row order is shuffled independently in the two training tables, as two organisations' tables
   * would be; nothing in an id tells which part of the layout its enterprise belongs to.
   */
  public VerticalSplit vertical() {
    VerticalLayout layout = verticalLayout;
    // enterprise numbers: [0, shared) in both tables; [shared, bankRows) bank only;
    // [bankRows, testStart) platform only; [testStart, total) the bank's test rows, which the
    // platform also holds. Each table is filled in its own row order, drawing every enterprise
    // from its own seed, so an enterprise drawn for two tables is the same enterprise in both.
    int shared = layout.sharedRows();
    int bankRows = layout.bankRows();
    int testStart = bankRows + layout.platformOnlyRows();
    int pf = PLATFORM_FEATURES.size();
    int bf = BANK_FEATURES.size();
    double[] cdf = BankProfile.cumulative(populationMix);

    int[] platformOrder = permutation(layout.platformRows(),
        RowRandom.seedFor(seed, STREAM_SHUFFLE, 0));
    String[] platformIds = new String[platformOrder.length];
    double[] platformValues = new double[platformOrder.length * pf];
    forEachRow(platformOrder.length, (r, x, row) -> {
      int slot = platformOrder[row];
      int e = slot < shared ? slot : slot - shared + bankRows;
      drawVertical(r, e, cdf, x);
      platformIds[row] = id(e);
      System.arraycopy(x, 0, platformValues, row * pf, pf);
    });

    int[] bankOrder = permutation(bankRows, RowRandom.seedFor(seed, STREAM_SHUFFLE, 1));
    String[] bankIds = new String[bankRows];
    double[] bankLabels = new double[bankRows];
    double[] bankValues = new double[bankRows * bf];
    forEachRow(bankRows, (r, x, row) -> {
      int e = bankOrder[row];
      bankLabels[row] = drawVertical(r, e, cdf, x);
      bankIds[row] = id(e);
      System.arraycopy(x, pf, bankValues, row * bf, bf);
    });

    int testRows = layout.testRows();
    String[] testIds = new String[testRows];
    double[] testLabels = new double[testRows];
    double[] testValues = new double[testRows * bf];
    forEachRow(testRows, (r, x, row) -> {
      int e = testStart + row;
      testLabels[row] = drawVertical(r, e, cdf, x);
      testIds[row] = id(e);
      System.arraycopy(x, pf, testValues, row * bf, bf);
    });
    return new VerticalSplit(
        FeatureTable.wrapValidated(PLATFORM, platformIds, null, platformValues),
        FeatureTable.wrapValidated(BANK, bankIds, bankLabels, bankValues),
        FeatureTable.wrapValidated(BANK, testIds, testLabels, testValues),
        layout);
  }

  private double drawVertical(RowRandom r, int enterprise, double[] cdf, double[] x) {
    r.reset(RowRandom.seedFor(seed, STREAM_VERTICAL, enterprise));
    return EnterpriseModel.draw(r, cdf, 0.0, x, 0);
  }

  /**
   * The hidden model's default log-odds for every row of a table that has the columns of
   * {@link #ALL_FEATURES} (in any order; other columns are ignored), before any bank's risk
   * offset and the unobserved shock. For tests and benchmarks: the best score any model could
   * learn, to measure a trained model against.
   *
   * @throws IllegalArgumentException naming a missing column
   */
  public static double[] trueLogit(FeatureTable table) {
    int[] columns = new int[ALL_FEATURES.size()];
    for (int j = 0; j < columns.length; j++) {
      columns[j] = table.schema().indexOf(ALL_FEATURES.get(j));
      if (columns[j] < 0) {
        throw new IllegalArgumentException("table lacks feature '" + ALL_FEATURES.get(j)
            + "' of the hidden model; it needs all of " + ALL_FEATURES);
      }
    }
    double[] x = new double[columns.length];
    double[] out = new double[table.rows()];
    for (int r = 0; r < out.length; r++) {
      for (int j = 0; j < columns.length; j++) {
        x[j] = table.value(r, columns[j]);
      }
      out[r] = EnterpriseModel.logit(x, 0);
    }
    return out;
  }

  private FeatureTable fullTable(int rows, long stream, long firstId, double[] cdf,
      double riskOffset, CreditPolicy policy) {
    int d = ALL_FEATURES.size();
    double[] weights = policy.weightVector();
    Set<CreditPolicy.Rule> rules = policy.rules();
    String[] ids = new String[rows];
    double[] labels = new double[rows];
    double[] values = new double[rows * d];
    forEachRow(rows, (r, x, i) -> {
      r.reset(RowRandom.seedFor(seed, stream, i));
      labels[i] = EnterpriseModel.draw(r, cdf, riskOffset, weights, rules, values, i * d);
      ids[i] = id(firstId + i);
    });
    return FeatureTable.wrapValidated(FULL, ids, labels, values);
  }

  /** A row task given its worker's random source and scratch row. */
  private interface RowTask {
    void run(RowRandom r, double[] scratch, int row);
  }

  /** Runs a task for rows [0, n) in parallel chunks; each chunk has its own scratch state. */
  private static void forEachRow(int n, RowTask task) {
    int chunks = (n + CHUNK - 1) / CHUNK;
    IntStream.range(0, chunks).parallel().forEach(c -> {
      RowRandom r = new RowRandom();
      double[] scratch = new double[EnterpriseModel.FEATURES];
      int end = Math.min(n, (c + 1) * CHUNK);
      for (int i = c * CHUNK; i < end; i++) {
        task.run(r, scratch, i);
      }
    });
  }

  /** A uniformly random permutation of [0, n) (Fisher-Yates). */
  private static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    RowRandom r = new RowRandom().reset(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.below(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * The id of enterprise {@code e}: distinct for distinct e below 10^8. The enterprise number is
   * scrambled by a four-round Feistel permutation of [0, 10^8) keyed by the seed, so ids carry
   * no visible order (and no hint of which table part an enterprise belongs to).
   */
  String id(long e) {
    int left = (int) (e / ID_HALF);
    int right = (int) (e % ID_HALF);
    for (int round = 0; round < 4; round++) {
      int f = (int) Math.floorMod(RowRandom.mix(idKey + round * 0x9E3779B97F4A7C15L + right),
          (long) ID_HALF);
      int next = (left + f) % ID_HALF;
      left = right;
      right = next;
    }
    int number = left * ID_HALF + right;
    return idStyle == IdStyle.SEQUENTIAL ? sequentialId(number) : UnifiedCreditCode.of(number);
  }

  private static String sequentialId(int number) {
    char[] c = new char[9];
    c[0] = 'E';
    for (int i = 8; i >= 1; i--) {
      c[i] = (char) ('0' + number % 10);
      number /= 10;
    }
    return new String(c);
  }

  static Map<Industry, Double> weights(double... w) {
    Industry[] all = Industry.values();
    if (w.length != all.length) {
      throw new IllegalArgumentException("need " + all.length + " weights, got " + w.length);
    }
    Map<Industry, Double> m = new EnumMap<>(Industry.class);
    for (int i = 0; i < w.length; i++) {
      m.put(all[i], w[i]);
    }
    return m;
  }

  /**
   * A bank's generated tables.
   *
   * @param profile the bank they were drawn for
   * @param train training rows, {@code profile.rows()} of them
   * @param test held-out rows from the same distribution (possibly empty)
   */
  public record BankTables(BankProfile profile, FeatureTable train, FeatureTable test) {
    /** The bank's name. */
    public String name() {
      return profile.name();
    }
  }

  /**
   * The tables of a horizontal federation.
   *
   * @param banks one entry per bank, in configuration order
   */
  public record HorizontalSplit(List<BankTables> banks) {
    public HorizontalSplit {
      banks = List.copyOf(banks);
    }

    /**
     * The named bank's tables.
     *
     * @throws IllegalArgumentException when there is no such bank
     */
    public BankTables bank(String name) {
      for (BankTables b : banks) {
        if (b.name().equals(name)) {
          return b;
        }
      }
      throw new IllegalArgumentException("no bank '" + name + "'; banks are "
          + banks.stream().map(BankTables::name).toList());
    }

    /** Every bank's training rows in one table: the centralized baseline's training data. */
    public FeatureTable pooledTrain() {
      return FeatureTable.concat(banks.stream().map(BankTables::train).toList());
    }

    /** Every bank's test rows in one table, for evaluating a global model. */
    public FeatureTable pooledTest() {
      return FeatureTable.concat(banks.stream().map(BankTables::test).toList());
    }

    /** Each bank's training rows by bank name, in configuration order. */
    public Map<String, FeatureTable> trainByBank() {
      Map<String, FeatureTable> out = new LinkedHashMap<>();
      banks.forEach(b -> out.put(b.name(), b.train()));
      return out;
    }

    /** Each bank's test rows by bank name, in configuration order. */
    public Map<String, FeatureTable> testByBank() {
      Map<String, FeatureTable> out = new LinkedHashMap<>();
      banks.forEach(b -> out.put(b.name(), b.test()));
      return out;
    }
  }

  /**
   * The tables of a vertical federation between the platform's data node and one bank.
   *
   * @param platform platform features of {@code layout.platformRows()} enterprises, unlabelled
   * @param bankTrain bank features and labels of {@code layout.bankRows()} enterprises
   * @param bankTest bank features and labels of {@code layout.testRows()} enterprises, all of
   *     which are also in {@code platform}
   * @param layout the layout they follow
   */
  public record VerticalSplit(FeatureTable platform, FeatureTable bankTrain,
      FeatureTable bankTest, VerticalLayout layout) {

    /** The ids in both the platform's table and the bank's training table (what PSI finds). */
    public Set<String> trainingIntersection() {
      Set<String> bank = new HashSet<>(List.of(bankTrain.ids()));
      Set<String> both = new HashSet<>();
      for (int r = 0; r < platform.rows(); r++) {
        if (bank.contains(platform.id(r))) {
          both.add(platform.id(r));
        }
      }
      return both;
    }
  }

  /**
   * Configures a {@link SyntheticCreditData}; every parameter is checked in {@link #build()} or
   * when set. Not thread-safe.
   */
  public static final class Builder {
    private long seed = 1;
    private List<BankProfile> banks = demoBanks();
    private int testRowsPerBank = 0;
    private Map<Industry, Double> populationMix = BankProfile.validWeights(cityMix(), "city");
    private VerticalLayout verticalLayout = VerticalLayout.demo();
    private IdStyle idStyle = IdStyle.SEQUENTIAL;

    private Builder() {}

    /** The seed of every table (default 1). */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * The banks of {@link #horizontal()} (default {@link #demoBanks()}): at least one, with
     * distinct names.
     */
    public Builder banks(List<BankProfile> value) {
      Objects.requireNonNull(value, "banks");
      List<BankProfile> copy = List.copyOf(value);
      if (copy.isEmpty()) {
        throw new IllegalArgumentException("banks must not be empty");
      }
      Set<String> names = new HashSet<>();
      for (BankProfile b : copy) {
        if (!names.add(b.name())) {
          throw new IllegalArgumentException("two banks are named '" + b.name() + "'");
        }
      }
      this.banks = copy;
      return this;
    }

    /** Rows of each bank's held-out test table, >= 0 (default 0: empty test tables). */
    public Builder testRowsPerBank(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("testRowsPerBank must be >= 0, got " + value);
      }
      this.testRowsPerBank = value;
      return this;
    }

    /**
     * Industry weights of the platform's population, used by {@link #vertical()} and
     * {@link #population(int)} (default {@link #cityMix()}).
     */
    public Builder populationMix(Map<Industry, Double> value) {
      this.populationMix = BankProfile.validWeights(value, "populationMix");
      return this;
    }

    /** The layout of {@link #vertical()} (default {@link VerticalLayout#demo()}). */
    public Builder verticalLayout(VerticalLayout value) {
      this.verticalLayout = Objects.requireNonNull(value, "verticalLayout");
      return this;
    }

    /** How ids look (default {@link IdStyle#SEQUENTIAL}). */
    public Builder idStyle(IdStyle value) {
      this.idStyle = Objects.requireNonNull(value, "idStyle");
      return this;
    }

    /**
     * The generator.
     *
     * @throws IllegalArgumentException when the banks' rows and test rows together exceed
     *     {@value VerticalLayout#MAX_ENTERPRISES} enterprises (ids would repeat)
     */
    public SyntheticCreditData build() {
      long enterprises = 0;
      for (BankProfile b : banks) {
        enterprises += b.rows() + (long) testRowsPerBank;
      }
      if (enterprises > VerticalLayout.MAX_ENTERPRISES) {
        throw new IllegalArgumentException("banks hold " + enterprises + " enterprises with"
            + " their test rows; at most " + VerticalLayout.MAX_ENTERPRISES + " have distinct ids");
      }
      return new SyntheticCreditData(this);
    }
  }

  @Override
  public String toString() {
    return "SyntheticCreditData[seed=" + seed + ", banks=" + banks.size() + ", testRowsPerBank="
        + testRowsPerBank + ", vertical=" + verticalLayout + ", ids=" + idStyle + "]";
  }
}
