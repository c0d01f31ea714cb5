package io.sparkrcnn.model.eval;

import static io.sparkrcnn.model.eval.CocoEvaluator.THRESHOLDS;

import io.sparkrcnn.model.box.BoxIou;
import io.sparkrcnn.model.eval.CocoEvaluator.Area;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * COCOeval's {@code evaluateImg} and the accumulation of its results for one class and area range: per image the
 * top {@code maxDets} detections by score, matched greedily at each IoU threshold to the unmatched ground-truth box
 * of highest IoU (ground truth outside the range last, as "ignore"); then every image's detections by descending
 * score, with their true-positive and ignore flags ({@code [threshold][detection]}) and the count of ground truth
 * in the range.
 */
record CocoMatches(double[] scores, boolean[][] tp, boolean[][] ignored, int numGt) {
  /** The matches of class {@code c} in {@code area}, each image's top {@code maxDets} detections of it. */
  static CocoMatches of(Collection<CocoEvaluator.Image> images, int c, Area area, int maxDets) {
    List<Double> scores = new ArrayList<>();
    List<boolean[]> tps = new ArrayList<>();
    List<boolean[]> igs = new ArrayList<>();
    int numGt = 0;
    for (CocoEvaluator.Image im : images) {
      List<Integer> gts = new ArrayList<>();
      for (int j = 0; j < im.gtClasses().length; j++) {
        if (im.gtClasses()[j] == c) {
          gts.add(j);
        }
      }
      // Ground truth outside the area range is "ignore"; COCOeval puts it last.
      gts.sort(Comparator.comparingInt(j -> area.contains(BoxIou.area(im.gtBoxes()[j])) ? 0 : 1));
      boolean[] gtIgnore = new boolean[gts.size()];
      for (int k = 0; k < gts.size(); k++) {
        gtIgnore[k] = !area.contains(BoxIou.area(im.gtBoxes()[gts.get(k)]));
        numGt += gtIgnore[k] ? 0 : 1;
      }
      List<Integer> dts = new ArrayList<>();
      for (int i = 0; i < im.dtClasses().length; i++) {
        if (im.dtClasses()[i] == c) {
          dts.add(i);
        }
      }
      // Descending score, stable (mergesort in COCOeval), at most maxDets.
      dts.sort(Comparator.comparingDouble(i -> -im.dtScores()[i]));
      if (dts.size() > maxDets) {
        dts = dts.subList(0, maxDets);
      }
      boolean[][] tp = new boolean[THRESHOLDS.length][dts.size()];
      boolean[][] ig = new boolean[THRESHOLDS.length][dts.size()];
      for (int t = 0; t < THRESHOLDS.length; t++) {
        boolean[] gtMatched = new boolean[gts.size()];
        for (int d = 0; d < dts.size(); d++) {
          double best = Math.min(THRESHOLDS[t], 1 - 1e-10);
          int m = -1;
          for (int g = 0; g < gts.size(); g++) {
            if (gtMatched[g]) {
              continue;
            }
            if (m > -1 && !gtIgnore[m] && gtIgnore[g]) {
              break; // matched a regular box already; ignore boxes come last
            }
            double iou = BoxIou.iou(im.dtBoxes()[dts.get(d)], im.gtBoxes()[gts.get(g)]);
            if (iou < best) {
              continue;
            }
            best = iou;
            m = g;
          }
          if (m >= 0) {
            gtMatched[m] = true;
            tp[t][d] = !gtIgnore[m];
            ig[t][d] = gtIgnore[m];
          } else {
            // An unmatched detection outside the area range is ignored.
            ig[t][d] = !area.contains(BoxIou.area(im.dtBoxes()[dts.get(d)]));
          }
        }
      }
      for (int d = 0; d < dts.size(); d++) {
        scores.add((double) im.dtScores()[dts.get(d)]);
        boolean[] tpd = new boolean[THRESHOLDS.length];
        boolean[] igd = new boolean[THRESHOLDS.length];
        for (int t = 0; t < THRESHOLDS.length; t++) {
          tpd[t] = tp[t][d];
          igd[t] = ig[t][d];
        }
        tps.add(tpd);
        igs.add(igd);
      }
    }
    // All detections of the class across images, by descending score (stable).
    Integer[] order = IntStream.range(0, scores.size()).boxed()
        .sorted(Comparator.comparingDouble(i -> -scores.get(i))).toArray(Integer[]::new);
    double[] s = new double[order.length];
    boolean[][] tp = new boolean[THRESHOLDS.length][order.length];
    boolean[][] ig = new boolean[THRESHOLDS.length][order.length];
    for (int k = 0; k < order.length; k++) {
      s[k] = scores.get(order[k]);
      for (int t = 0; t < THRESHOLDS.length; t++) {
        tp[t][k] = tps.get(order[k])[t];
        ig[t][k] = igs.get(order[k])[t];
      }
    }
    return new CocoMatches(s, tp, ig, numGt);
  }
}
