package io.sparkrcnn.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.box.BoxIou;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VocEvaluatorTest {
  private static final float[] GT1 = {0.0f, 0.0f, 0.5f, 0.5f};
  private static final float[] GT2 = {0.5f, 0.5f, 1.0f, 1.0f};

  @Test
  void iouByHand() {
    assertEquals(1.0, BoxIou.iou(GT1, GT1), 1e-9);
    assertEquals(0.0, BoxIou.iou(GT1, GT2), 1e-9);
    // [0,0,.5,.5] vs [0,.25,.5,.75]: intersection .5*.25 = .125, union .25+.25-.125 = .375 -> 1/3.
    assertEquals(1.0 / 3, BoxIou.iou(GT1, new float[] {0f, 0.25f, 0.5f, 0.75f}), 1e-6);
  }

  @Test
  void aDuplicateDetectionIsAFalsePositive() {
    VocEvaluator e = new VocEvaluator(2, 0.5);
    e.addGroundTruth("a", new float[][] {GT1, GT2}, new int[] {1, 1}, new boolean[] {false, false});
    e.addDetections("a", new float[][] {GT1, {0f, 0f, 0.45f, 0.5f}, GT2}, new float[] {0.9f, 0.8f, 0.7f},
        new int[] {1, 1, 1});
    double[] ap = e.averagePrecisions();
    assertEquals(5.0 / 6, ap[1], 1e-9, "TP, FP (second hit on GT1), TP");
    assertTrue(Double.isNaN(ap[2]), "class 2 has no ground truth");
    Map<String, Double> m = e.metrics(Map.of(1, "cat", 2, "dog"));
    assertEquals(5.0 / 6, m.get(VocEvaluator.MAP_KEY), 1e-9, "the class without ground truth is left out");
    assertTrue(Double.isNaN(m.get(VocEvaluator.PER_CLASS_PREFIX + "dog")));
  }

  @Test
  void detectionsOnDifficultBoxesAreIgnoredAndDifficultBoxesNotCounted() {
    VocEvaluator e = new VocEvaluator(1, 0.5);
    e.addGroundTruth("a", new float[][] {GT1, GT2}, new int[] {1, 1}, new boolean[] {false, true});
    // The detection on the difficult box (highest score) neither helps nor hurts.
    e.addDetections("a", new float[][] {GT2, GT1}, new float[] {0.9f, 0.5f}, new int[] {1, 1});
    assertEquals(1.0, e.averagePrecisions()[1], 1e-9);
  }

  @Test
  void aWrongClassOrLowOverlapIsAFalsePositiveAndMissedBoxesLowerRecall() {
    VocEvaluator e = new VocEvaluator(2, 0.5);
    e.addGroundTruth("a", new float[][] {GT1}, new int[] {1}, new boolean[] {false});
    e.addGroundTruth("b", new float[][] {GT1, GT2}, new int[] {1, 2}, new boolean[] {false, false});
    e.addDetections("a", new float[][] {GT1, {0f, 0.25f, 0.5f, 0.75f}}, new float[] {0.6f, 0.9f}, new int[] {1, 1});
    e.addDetections("b", new float[][] {GT1}, new float[] {0.8f}, new int[] {2}); // right place, wrong class
    double[] ap = e.averagePrecisions();
    // Class 1 over both images: ranked 0.9 FP (IoU 1/3), 0.6 TP; 2 ground truths.
    // precision 0, 1/2 at recall 0, 1/2 -> AP = 1/2 * 1/2 = 1/4.
    assertEquals(0.25, ap[1], 1e-9);
    assertEquals(0.0, ap[2], 1e-9, "class 2's only detection misses its box");
  }

  @Test
  void imagesWithoutDetectionsOrGroundTruthAndInvalidBoxes() {
    VocEvaluator e = new VocEvaluator(1, 0.5);
    e.addGroundTruth("a", new float[][] {GT1}, new int[] {1}, new boolean[] {false});
    assertEquals(0.0, e.averagePrecisions()[1], "no detections at all");
    e.addDetections("unknown", new float[][] {GT1}, new float[] {0.99f}, new int[] {1}); // no ground truth: FP
    e.addDetections("a", new float[][] {{0.5f, 0f, 0.4f, 0.5f}, GT1}, new float[] {0.95f, 0.5f}, new int[] {1, 1});
    // The inverted box is dropped; ranked: 0.99 FP, 0.5 TP -> AP = 1 * 1/2.
    assertEquals(0.5, e.averagePrecisions()[1], 1e-9);
    assertThrows(IllegalArgumentException.class,
        () -> e.addDetections("a", new float[][] {GT1}, new float[] {1f}, new int[] {0}));
  }
}
