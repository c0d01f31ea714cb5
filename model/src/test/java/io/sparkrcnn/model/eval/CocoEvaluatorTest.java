package io.sparkrcnn.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrcnn.model.eval.CocoEvaluator.Area;
import org.junit.jupiter.api.Test;

class CocoEvaluatorTest {
  private static final float[] GT = {0, 0, 10, 10};
  private static final float[] GT_B = {20, 20, 30, 30};
  private static final float[] IOU_072 = {0, 0, 10, 7.2f}; // 72 / 100 with GT

  private static CocoEvaluator oneImage(float[][] gt, int[] gtClasses, float[][] dt, float[] scores, int[] classes) {
    CocoEvaluator e = new CocoEvaluator(2);
    e.addGroundTruth("a", gt, gtClasses);
    e.addDetections("a", dt, scores, classes);
    return e;
  }

  @Test
  void aPerfectDetectionScoresOne() {
    CocoEvaluator e = oneImage(new float[][] {GT}, new int[] {1}, new float[][] {GT}, new float[] {0.9f}, new int[] {1});
    assertEquals(1.0, e.averagePrecision(Area.ALL, 100, null), 1e-9);
    assertEquals(1.0, e.averageRecall(Area.ALL, 100), 1e-9);
  }

  @Test
  void iou072CountsAtFiveOfTheTenThresholds() {
    CocoEvaluator e = oneImage(new float[][] {GT}, new int[] {1}, new float[][] {IOU_072}, new float[] {0.9f},
        new int[] {1});
    assertEquals(0.5, e.averagePrecision(Area.ALL, 100, null), 1e-9, "TP at .50 .55 .60 .65 .70");
    assertEquals(1.0, e.averagePrecision(Area.ALL, 100, 0.5), 1e-9);
    assertEquals(0.0, e.averagePrecision(Area.ALL, 100, 0.75), 1e-9);
    assertEquals(0.5, e.averageRecall(Area.ALL, 100), 1e-9);
  }

  @Test
  void halfTheGroundTruthFoundGives51Of101RecallPoints() {
    CocoEvaluator e = oneImage(new float[][] {GT, GT_B}, new int[] {1, 1}, new float[][] {GT}, new float[] {0.9f},
        new int[] {1});
    assertEquals(51.0 / 101, e.averagePrecision(Area.ALL, 100, null), 1e-9, "precision 1 up to recall 0.50");
  }

  @Test
  void aFalsePositiveRankedFirstHalvesPrecisionEverywhere() {
    CocoEvaluator e = oneImage(new float[][] {GT}, new int[] {1}, new float[][] {GT_B, GT},
        new float[] {0.9f, 0.8f}, new int[] {1, 1});
    // precision 0 then 1/2 at recall 0 then 1; made monotone: 1/2 at every recall point.
    assertEquals(0.5, e.averagePrecision(Area.ALL, 100, null), 1e-9);
  }

  @Test
  void classesWithoutGroundTruthAndEmptyAreaRangesAreLeftOut() {
    CocoEvaluator e = oneImage(new float[][] {GT}, new int[] {1}, new float[][] {GT, GT}, new float[] {0.9f, 0.8f},
        new int[] {1, 2});
    assertEquals(1.0, e.averagePrecision(Area.ALL, 100, null), 1e-9, "class 2 has no ground truth");
    assertEquals(1.0, e.averagePrecision(Area.SMALL, 100, null), 1e-9, "a 10x10 box is small");
    assertEquals(-1.0, e.averagePrecision(Area.LARGE, 100, null), 1e-9, "no large ground truth: -1 as COCOeval");
    assertEquals(-1.0, e.metrics().get("DetectionBoxes_Precision/mAP (large)"), 1e-9);
  }

  @Test
  void maxDetsLimitsDetectionsPerImage() {
    CocoEvaluator e = oneImage(new float[][] {GT, GT_B}, new int[] {1, 1}, new float[][] {GT, GT_B},
        new float[] {0.9f, 0.8f}, new int[] {1, 1});
    assertEquals(0.5, e.averageRecall(Area.ALL, 1), 1e-9);
    assertEquals(1.0, e.averageRecall(Area.ALL, 100), 1e-9);
    assertThrows(IllegalArgumentException.class,
        () -> e.addDetections("nope", new float[][] {GT}, new float[] {1f}, new int[] {1}));
  }
}
