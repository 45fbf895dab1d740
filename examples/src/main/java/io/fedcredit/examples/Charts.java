package io.fedcredit.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts for people who would rather look than read: ROC and KS curves, AUC per round, lines and
 * bars. Each chart comes as an XChart chart to adjust, to write as a PNG file, or to show in a
 * notebook as an {@link #image}.
 */
public final class Charts {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /** ROC curve points (false positive rate, true positive rate), at most ~500 points. */
  public static double[][] roc(double[] scores, double[] labels) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    double pos = 0;
    for (double y : labels) {
      pos += y;
    }
    double neg = labels.length - pos;
    List<double[]> pts = new ArrayList<>();
    pts.add(new double[] {0, 0});
    double tp = 0;
    double fp = 0;
    int step = Math.max(1, scores.length / 500);
    for (int k = 0; k < order.length; k++) {
      int i = order[k];
      if (labels[i] == 1) {
        tp++;
      } else {
        fp++;
      }
      boolean tieNext = k + 1 < order.length && scores[order[k + 1]] == scores[i];
      if (!tieNext && (k % step == 0 || k == order.length - 1)) {
        pts.add(new double[] {fp / neg, tp / pos});
      }
    }
    pts.add(new double[] {1, 1});
    double[][] out = new double[2][pts.size()];
    for (int i = 0; i < pts.size(); i++) {
      out[0][i] = pts.get(i)[0];
      out[1][i] = pts.get(i)[1];
    }
    return out;
  }

  /** ROC curves of several models scored on the same labels, with the chance diagonal. */
  public static XYChart roc(String title, double[] labels, Map<String, double[]> scoresByModel) {
    XYChart chart = new XYChartBuilder().width(640).height(560).title(title)
        .xAxisTitle("false positive rate").yAxisTitle("true positive rate").build();
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setXAxisMin(0.0).setXAxisMax(1.0);
    chart.getStyler().setMarkerSize(0);
    for (Map.Entry<String, double[]> e : scoresByModel.entrySet()) {
      double[][] r = roc(e.getValue(), labels);
      chart.addSeries(e.getKey(), r[0], r[1]).setMarker(SeriesMarkers.NONE);
    }
    XYSeries diag = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
    diag.setMarker(SeriesMarkers.NONE);
    return chart;
  }

  /** Writes {@link #roc(String, double[], Map)} as a PNG file. */
  public static void writeRoc(Path file, String title, double[] labels,
      Map<String, double[]> scoresByModel) throws IOException {
    save(roc(title, labels, scoresByModel), file);
  }

  /**
   * A per-round line chart.
   *
   * @param seriesByName y values per round, by series name (same length as {@code rounds})
   * @param constants horizontal reference lines (e.g. baselines), by name
   */
  public static XYChart perRound(String title, String yTitle, double[] rounds,
      Map<String, double[]> seriesByName, Map<String, Double> constants) {
    XYChart chart = lines(title, "round", yTitle, rounds, seriesByName);
    for (Map.Entry<String, Double> c : constants.entrySet()) {
      double[] ys = new double[rounds.length];
      Arrays.fill(ys, c.getValue());
      chart.addSeries(c.getKey(), rounds, ys).setMarker(SeriesMarkers.NONE);
    }
    return chart;
  }

  /** Writes {@link #perRound} as a PNG file. */
  public static void writePerRound(Path file, String title, String yTitle, double[] rounds,
      Map<String, double[]> seriesByName, Map<String, Double> constants) throws IOException {
    save(perRound(title, yTitle, rounds, seriesByName, constants), file);
  }

  /**
   * A line chart with markers: one series per name, all over the same x values.
   *
   * @throws IllegalArgumentException naming a series whose length differs from {@code x}
   */
  public static XYChart lines(String title, String xTitle, String yTitle, double[] x,
      Map<String, double[]> seriesByName) {
    XYChart chart = new XYChartBuilder().width(720).height(480).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    chart.getStyler().setMarkerSize(5);
    for (Map.Entry<String, double[]> e : seriesByName.entrySet()) {
      if (e.getValue().length != x.length) {
        throw new IllegalArgumentException("series '" + e.getKey() + "' has "
            + e.getValue().length + " values for " + x.length + " x values");
      }
      chart.addSeries(e.getKey(), x, e.getValue());
    }
    return chart;
  }

  /**
   * The Kolmogorov-Smirnov chart of a score: against the share of rows scored above a threshold
   * (highest scores first), the share of defaulters (label 1) and of non-defaulters above it; KS
   * is the widest vertical gap between the two curves, drawn as a line at that threshold.
   */
  public static XYChart ks(String title, double[] scores, double[] labels) {
    double[][] r = roc(scores, labels);  // (FPR, TPR) from the highest score down
    double pos = 0;
    for (double y : labels) {
      pos += y;
    }
    double neg = labels.length - pos;
    double[] share = new double[r[0].length];
    int widest = 0;
    for (int i = 0; i < share.length; i++) {
      share[i] = (r[1][i] * pos + r[0][i] * neg) / labels.length;  // rows above the threshold
      if (r[1][i] - r[0][i] > r[1][widest] - r[0][widest]) {
        widest = i;
      }
    }
    double ks = r[1][widest] - r[0][widest];
    XYChart chart = new XYChartBuilder().width(640).height(480)
        .title(String.format(java.util.Locale.ROOT, "%s (KS %.3f)", title, ks))
        .xAxisTitle("share of rows above the threshold (highest scores first)")
        .yAxisTitle("cumulative share above threshold").build();
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setXAxisMin(0.0).setXAxisMax(1.0)
        .setMarkerSize(0);
    chart.getStyler().setXAxisDecimalPattern("0.0#");
    chart.addSeries("defaulters (TPR)", share, r[1]).setMarker(SeriesMarkers.NONE);
    chart.addSeries("non-defaulters (FPR)", share, r[0]).setMarker(SeriesMarkers.NONE);
    chart.addSeries("KS", new double[] {share[widest], share[widest]},
        new double[] {r[0][widest], r[1][widest]}).setMarker(SeriesMarkers.NONE);
    return chart;
  }

  /** A bar chart of one value per category, in the map's order. */
  public static CategoryChart bars(String title, String yTitle, Map<String, Double> values) {
    CategoryChart chart = new CategoryChartBuilder().width(720).height(520).title(title)
        .yAxisTitle(yTitle).build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisLabelRotation(45);
    chart.addSeries(yTitle, new ArrayList<>(values.keySet()), new ArrayList<>(values.values()));
    return chart;
  }

  /**
   * The chart drawn as an image: a notebook cell whose value is this image shows it inline (the
   * Java kernel sends it as {@code image/png}).
   */
  public static BufferedImage image(Chart<?, ?> chart) {
    return BitmapEncoder.getBufferedImage(chart);
  }

  private static void save(XYChart chart, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
