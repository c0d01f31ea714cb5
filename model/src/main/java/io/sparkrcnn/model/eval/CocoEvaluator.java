package io.sparkrcnn.model.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * COCO box metrics as pycocotools' {@code COCOeval} defines them (no crowd boxes): per image and
 * class the top {@code maxDets} detections by score are matched greedily to the unmatched
 * ground-truth box of highest IoU at each threshold 0.50:0.05:0.95; precision is made monotone and
 * read at 101 recall points; AP averages over thresholds, recall points and classes with ground
 * truth. Area ranges follow COCO (small below 32², large above 96²), in the boxes' own units, so
 * boxes should be in pixels for those to mean what COCO means.
 *
 * <p>Boxes are {@code [ymin, xmin, ymax, xmax]}; classes are ids from 1. Not thread-safe.
 */
public final class CocoEvaluator {
  static final double[] THRESHOLDS = IntStream.range(0, 10).mapToDouble(i -> 0.5 + 0.05 * i).toArray();
  private static final int RECALL_POINTS = 101;

  /** COCO's area ranges, in squared box units. */
  public enum Area {
    ALL(0, 1e10), SMALL(0, 32 * 32), MEDIUM(32 * 32, 96 * 96), LARGE(96 * 96, 1e10);

    final double min;
    final double max;

    Area(double min, double max) {
      this.min = min;
      this.max = max;
    }

    boolean contains(double area) {
      return area >= min && area <= max;
    }
  }

  /** One image's ground truth and detections. */
  record Image(float[][] gtBoxes, int[] gtClasses, float[][] dtBoxes, float[] dtScores, int[] dtClasses) {}

  private final int numClasses;
  private final Map<String, Image> images = new LinkedHashMap<>();

  public CocoEvaluator(int numClasses) {
    this.numClasses = numClasses;
  }

  public void addGroundTruth(String imageId, float[][] boxes, int[] classes) {
    if (images.containsKey(imageId)) {
      throw new IllegalArgumentException("ground truth for image '" + imageId + "' given twice");
    }
    images.put(imageId, new Image(boxes, classes, new float[0][], new float[0], new int[0]));
  }

  /** Detections of an image with ground truth (COCOeval only scores images it has ground truth for). */
  public void addDetections(String imageId, float[][] boxes, float[] scores, int[] classes) {
    Image im = images.get(imageId);
    if (im == null) {
      throw new IllegalArgumentException("detections for image '" + imageId + "' without ground truth");
    }
    images.put(imageId, new Image(im.gtBoxes(), im.gtClasses(), boxes, scores, classes));
  }

  /** Average precision over IoU 0.50:0.95 (or one threshold when {@code iou} is given), mean over classes. */
  public double averagePrecision(Area area, int maxDets, Double iou) {
    double sum = 0;
    int n = 0;
    for (int c = 1; c <= numClasses; c++) {
      double[][] precision = precisionAtRecallPoints(c, area, maxDets);
      if (precision == null) {
        continue; // no ground truth of this class in this area range
      }
      for (int t = 0; t < THRESHOLDS.length; t++) {
        if (iou != null && Math.abs(THRESHOLDS[t] - iou) > 1e-9) {
          continue;
        }
        for (double p : precision[t]) {
          sum += p;
          n++;
        }
      }
    }
    return n == 0 ? -1 : sum / n;
  }

  /** Average recall over IoU 0.50:0.95 and classes. */
  public double averageRecall(Area area, int maxDets) {
    double sum = 0;
    int n = 0;
    for (int c = 1; c <= numClasses; c++) {
      double[] recall = finalRecall(c, area, maxDets);
      if (recall != null) {
        for (double r : recall) {
          sum += r;
          n++;
        }
      }
    }
    return n == 0 ? -1 : sum / n;
  }

  /** The Object Detection API's {@code DetectionBoxes_*} summary keys. */
  public Map<String, Double> metrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("DetectionBoxes_Precision/mAP", averagePrecision(Area.ALL, 100, null));
    m.put("DetectionBoxes_Precision/mAP@.50IOU", averagePrecision(Area.ALL, 100, 0.5));
    m.put("DetectionBoxes_Precision/mAP@.75IOU", averagePrecision(Area.ALL, 100, 0.75));
    m.put("DetectionBoxes_Precision/mAP (small)", averagePrecision(Area.SMALL, 100, null));
    m.put("DetectionBoxes_Precision/mAP (medium)", averagePrecision(Area.MEDIUM, 100, null));
    m.put("DetectionBoxes_Precision/mAP (large)", averagePrecision(Area.LARGE, 100, null));
    m.put("DetectionBoxes_Recall/AR@1", averageRecall(Area.ALL, 1));
    m.put("DetectionBoxes_Recall/AR@10", averageRecall(Area.ALL, 10));
    m.put("DetectionBoxes_Recall/AR@100", averageRecall(Area.ALL, 100));
    m.put("DetectionBoxes_Recall/AR@100 (small)", averageRecall(Area.SMALL, 100));
    m.put("DetectionBoxes_Recall/AR@100 (medium)", averageRecall(Area.MEDIUM, 100));
    m.put("DetectionBoxes_Recall/AR@100 (large)", averageRecall(Area.LARGE, 100));
    return m;
  }

  /** [threshold][recall point] precision, or null when the class has no ground truth in the range. */
  private double[][] precisionAtRecallPoints(int c, Area area, int maxDets) {
    CocoMatches m = CocoMatches.of(images.values(), c, area, maxDets);
    if (m.numGt() == 0) {
      return null;
    }
    double[][] out = new double[THRESHOLDS.length][RECALL_POINTS];
    for (int t = 0; t < THRESHOLDS.length; t++) {
      List<Double> precision = new ArrayList<>();
      List<Double> recall = new ArrayList<>();
      int tp = 0;
      int fp = 0;
      for (int k = 0; k < m.scores().length; k++) {
        if (m.ignored()[t][k]) {
          continue;
        }
        if (m.tp()[t][k]) {
          tp++;
        } else {
          fp++;
        }
        recall.add((double) tp / m.numGt());
        precision.add(tp / (tp + fp + Math.ulp(1.0)));
      }
      for (int i = precision.size() - 1; i > 0; i--) {
        if (precision.get(i) > precision.get(i - 1)) {
          precision.set(i - 1, precision.get(i));
        }
      }
      for (int r = 0; r < RECALL_POINTS; r++) {
        double threshold = r / 100.0;
        int i = 0;
        while (i < recall.size() && recall.get(i) < threshold) {
          i++; // np.searchsorted(recall, threshold, side='left')
        }
        out[t][r] = i < precision.size() ? precision.get(i) : 0;
      }
    }
    return out;
  }

  /** [threshold] final recall, or null when the class has no ground truth in the range. */
  private double[] finalRecall(int c, Area area, int maxDets) {
    CocoMatches m = CocoMatches.of(images.values(), c, area, maxDets);
    if (m.numGt() == 0) {
      return null;
    }
    double[] out = new double[THRESHOLDS.length];
    for (int t = 0; t < THRESHOLDS.length; t++) {
      int tp = 0;
      for (int k = 0; k < m.scores().length; k++) {
        tp += !m.ignored()[t][k] && m.tp()[t][k] ? 1 : 0;
      }
      out[t] = (double) tp / m.numGt();
    }
    return out;
  }
}
