package io.sparkrcnn.model.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Post-processing on hand-made box-classifier output: 2 classes, so 4 + 3 + 8 = 15 values per slot. */
class PostProcessorTest {
  private static double[] slot(double[] box, double pBackground, double p1, double p2) {
    double[] s = new double[15];
    System.arraycopy(box, 0, s, 0, 4);
    s[4] = pBackground;
    s[5] = p1;
    s[6] = p2;
    return s; // zero box codes: the detection is the proposal itself
  }

  private static double[] concat(double[]... slots) {
    double[] out = new double[slots.length * 15];
    for (int i = 0; i < slots.length; i++) {
      System.arraycopy(slots[i], 0, out, i * 15, 15);
    }
    return out;
  }

  @Test
  void perClassNmsKeepsTheBestOfOverlappingBoxesAndNormalisesToTheImage() {
    double[] out = concat(
        slot(new double[] {0, 0, 50, 100}, 0.1, 0.8, 0.1),
        slot(new double[] {0, 5, 50, 100}, 0.2, 0.7, 0.1),   // IoU 0.95 with the first, same class: suppressed
        slot(new double[] {60, 0, 100, 40}, 0.1, 0.2, 0.7),
        new double[15]);                                       // empty slot
    var d = new PostProcessor(2, 0.5, 0.6, 100, 100).process(out, 0, 4, 100, 200);
    assertEquals(2, d.scores().length);
    assertArrayEquals(new float[] {0.8f, 0.7f}, d.scores(), 1e-6f);
    assertArrayEquals(new int[] {1, 2}, d.classes());
    assertArrayEquals(new float[] {0, 0, 0.5f, 0.5f}, d.boxes()[0], 1e-6f);
    assertArrayEquals(new float[] {0.6f, 0, 1, 0.2f}, d.boxes()[1], 1e-6f);
  }

  @Test
  void boxCodesMoveTheProposalAndBoxesAreClippedToTheImage() {
    double[] s = slot(new double[] {10, 10, 30, 30}, 0, 1, 0);
    s[7] = 10; // ty for class 1: shift by one box height (20 px) down
    var d = new PostProcessor(2, 0, 0.6, 100, 100).process(s, 0, 1, 40, 40);
    assertArrayEquals(new float[] {30 / 40f, 10 / 40f, 1, 30 / 40f}, d.boxes()[0], 1e-5f);
  }

  @Test
  void theTotalLimitKeepsTheHighestScores() {
    double[] out = concat(
        slot(new double[] {0, 0, 10, 10}, 0, 0.3, 0),
        slot(new double[] {20, 20, 30, 30}, 0, 0.9, 0),
        slot(new double[] {40, 40, 50, 50}, 0, 0.6, 0));
    var d = new PostProcessor(2, 0, 0.6, 100, 2).process(out, 0, 3, 100, 100);
    assertArrayEquals(new float[] {0.9f, 0.6f}, d.scores(), 1e-6f);
  }

  @Test
  void nothingAboveTheThresholdGivesNoDetections() {
    var d = new PostProcessor(2, 0.5, 0.6, 100, 100).process(slot(new double[] {0, 0, 10, 10}, 0.6, 0.3, 0.1), 0, 1,
        100, 100);
    assertEquals(0, d.scores().length);
  }
}
