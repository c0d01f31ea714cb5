package io.sparkrcnn.model.eval;

import io.sparkrcnn.model.box.BoxIou;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PASCAL VOC detection metrics as the Object Detection API's {@code PascalDetectionEvaluator}
 * computes them: per image and class, detections ranked by score are matched greedily to the
 * ground-truth box they overlap most (IoU ≥ threshold, each box matched once); a detection whose
 * best box is difficult is ignored; difficult boxes are not counted; per-class AP is all-point
 * interpolated and the mean leaves out classes without ground truth.
 *
 * <p>Boxes are {@code [ymin, xmin, ymax, xmax]} in one frame (normalised in our records); classes
 * are label-map ids from 1. Not thread-safe.
 */
public final class VocEvaluator {
  /** The Object Detection API's keys. */
  public static final String MAP_KEY = "PascalBoxes_Precision/mAP@0.5IOU";
  public static final String PER_CLASS_PREFIX = "PascalBoxes_PerformanceByCategory/AP@0.5IOU/";

  private final int numClasses;
  private final double iouThreshold;
  private final Map<String, GroundTruth> groundTruth = new LinkedHashMap<>();
  private final List<List<Double>> scores = new ArrayList<>();
  private final List<List<Boolean>> truePositives = new ArrayList<>();
  private final int[] numGroundTruth;

  /** One image's ground truth. */
  public record GroundTruth(float[][] boxes, int[] classes, boolean[] difficult) {}

  public VocEvaluator(int numClasses, double iouThreshold) {
    this.numClasses = numClasses;
    this.iouThreshold = iouThreshold;
    this.numGroundTruth = new int[numClasses + 1];
    for (int c = 0; c <= numClasses; c++) {
      scores.add(new ArrayList<>());
      truePositives.add(new ArrayList<>());
    }
  }

  /** Adds an image's ground truth; must come before its detections. */
  public void addGroundTruth(String imageId, float[][] boxes, int[] classes, boolean[] difficult) {
    if (groundTruth.putIfAbsent(imageId, new GroundTruth(boxes, classes, difficult)) != null) {
      throw new IllegalArgumentException("ground truth for image '" + imageId + "' given twice");
    }
    for (int i = 0; i < classes.length; i++) {
      checkClass(classes[i], imageId);
      if (!difficult[i]) {
        numGroundTruth[classes[i]]++;
      }
    }
  }

  /** Adds an image's detections; an image without ground truth has only false positives. */
  public void addDetections(String imageId, float[][] boxes, float[] detectionScores, int[] classes) {
    GroundTruth gt = groundTruth.getOrDefault(imageId, new GroundTruth(new float[0][], new int[0], new boolean[0]));
    for (int c = 1; c <= numClasses; c++) {
      List<Integer> dets = new ArrayList<>();
      for (int i = 0; i < classes.length; i++) {
        checkClass(classes[i], imageId);
        float[] b = boxes[i];
        if (classes[i] == c && b[0] < b[2] && b[1] < b[3]) { // invalid boxes are dropped, as the reference does
          dets.add(i);
        }
      }
      if (dets.isEmpty()) {
        continue;
      }
      double[] s = dets.stream().mapToDouble(i -> detectionScores[i]).toArray();
      int[] ranked = Arrays.stream(AveragePrecision.rankByScore(s)).map(dets::get).toArray();
      List<Integer> gts = new ArrayList<>();
      for (int j = 0; j < gt.classes().length; j++) {
        if (gt.classes()[j] == c) {
          gts.add(j);
        }
      }
      boolean[] detected = new boolean[gts.size()];
      for (int i : ranked) {
        boolean tp = false;
        boolean ignored = false;
        int best = -1;
        double bestIou = -1;
        for (int k = 0; k < gts.size(); k++) {
          double iou = BoxIou.iou(boxes[i], gt.boxes()[gts.get(k)]);
          if (iou > bestIou) { // the first of equal overlaps, as argmax
            bestIou = iou;
            best = k;
          }
        }
        if (best >= 0 && bestIou >= iouThreshold) {
          if (gt.difficult()[gts.get(best)]) {
            ignored = true;
          } else if (!detected[best]) {
            detected[best] = true;
            tp = true;
          }
        }
        if (!ignored) {
          scores.get(c).add((double) detectionScores[i]);
          truePositives.get(c).add(tp);
        }
      }
    }
  }

  /** AP per class id (index 0 unused; NaN for classes without ground truth). */
  public double[] averagePrecisions() {
    double[] ap = new double[numClasses + 1];
    ap[0] = Double.NaN;
    for (int c = 1; c <= numClasses; c++) {
      double[] s = scores.get(c).stream().mapToDouble(Double::doubleValue).toArray();
      boolean[] tp = new boolean[s.length];
      for (int i = 0; i < tp.length; i++) {
        tp[i] = truePositives.get(c).get(i);
      }
      ap[c] = AveragePrecision.of(s, tp, numGroundTruth[c]);
    }
    return ap;
  }

  /** The reference's metric keys: the mean, then every class in id order (NaN where it had no ground truth). */
  public Map<String, Double> metrics(Map<Integer, String> classNames) {
    double[] ap = averagePrecisions();
    Map<String, Double> out = new LinkedHashMap<>();
    out.put(MAP_KEY, AveragePrecision.mean(Arrays.copyOfRange(ap, 1, ap.length)));
    for (int c = 1; c <= numClasses; c++) {
      if (classNames.containsKey(c)) {
        out.put(PER_CLASS_PREFIX + classNames.get(c), ap[c]);
      }
    }
    return out;
  }

  private void checkClass(int c, String imageId) {
    if (c < 1 || c > numClasses) {
      throw new IllegalArgumentException("class " + c + " in image '" + imageId + "' is outside 1.." + numClasses);
    }
  }
}
