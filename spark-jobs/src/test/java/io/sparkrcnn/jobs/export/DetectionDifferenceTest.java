package io.sparkrcnn.jobs.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkrcnn.model.detector.ImageDetections;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The largest differences of detections matched by rank, hand-computed. */
class DetectionDifferenceTest {
  private static ImageDetections dets(float[][] boxes, float[] scores, int... classes) {
    return new ImageDetections("img", boxes, scores, classes);
  }

  @Test
  void boxesAndScoresOfDetectionsOfOneRankAreCompared() {
    ImageDetections a = dets(new float[][] {{0.1f, 0.2f, 0.5f, 0.6f}, {0f, 0f, 1f, 1f}}, new float[] {0.9f, 0.4f},
        1, 2);
    ImageDetections b = dets(new float[][] {{0.1f, 0.25f, 0.5f, 0.6f}, {0f, 0f, 0.875f, 1f}},
        new float[] {0.8f, 0.375f}, 1, 2);
    DetectionDifference d = DetectionDifference.between(List.of(a), List.of(b));
    assertEquals(0.125, d.boxes(), 1e-7);
    assertEquals(0.1, d.scores(), 1e-6);
    assertEquals(true, d.classesAgree());
  }

  @Test
  void anotherClassOrCountOrUnreadableImageIsDisagreement() {
    ImageDetections a = dets(new float[][] {{0, 0, 1, 1}}, new float[] {0.5f}, 3);
    assertEquals(new DetectionDifference(0, 0, false),
        DetectionDifference.between(List.of(a), List.of(dets(new float[][] {{0, 0, 1, 1}}, new float[] {0.5f}, 4))));
    ImageDetections none = dets(new float[0][], new float[0]);
    assertEquals(new DetectionDifference(0, 0, false), DetectionDifference.between(List.of(a), List.of(none)));
    assertEquals(new DetectionDifference(0, 0, false),
        DetectionDifference.between(List.of(a), Arrays.asList((ImageDetections) null)));
    assertEquals(new DetectionDifference(0, 0, true),
        DetectionDifference.between(Arrays.asList(a, null), Arrays.asList(a, null)));
  }
}
