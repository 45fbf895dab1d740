package io.fedcredit.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG charts for people who would rather look than read: ROC curves and AUC per round. */
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

  /** Writes ROC curves of several models scored on the same labels. */
  public static void writeRoc(Path file, String title, double[] labels,
      Map<String, double[]> scoresByModel) throws IOException {
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
    save(chart, file);
  }

  /**
   * Writes a per-round line chart.
   *
   * @param seriesByName y values per round, by series name (same length as {@code rounds})
   * @param constants horizontal reference lines (e.g. baselines), by name
   */
  public static void writePerRound(Path file, String title, String yTitle, double[] rounds,
      Map<String, double[]> seriesByName, Map<String, Double> constants) throws IOException {
    XYChart chart = new XYChartBuilder().width(720).height(480).title(title).xAxisTitle("round")
        .yAxisTitle(yTitle).build();
    chart.getStyler().setMarkerSize(5);
    for (Map.Entry<String, double[]> e : seriesByName.entrySet()) {
      chart.addSeries(e.getKey(), rounds, e.getValue());
    }
    Map<String, Double> consts = new LinkedHashMap<>(constants);
    for (Map.Entry<String, Double> c : consts.entrySet()) {
      double[] ys = new double[rounds.length];
      Arrays.fill(ys, c.getValue());
      chart.addSeries(c.getKey(), rounds, ys).setMarker(SeriesMarkers.NONE);
    }
    save(chart, file);
  }

  private static void save(XYChart chart, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
