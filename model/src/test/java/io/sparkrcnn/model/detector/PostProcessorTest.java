package io.sparkrcnn.model.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Post-processing on hand-made second-stage output of one image and 2 classes. */
class PostProcessorTest {
  private record Slot(float[] box, double[] probabilities, double[] codes) {}

  /** A slot with zero box codes: its detection is the proposal itself. */
  private static Slot slot(float[] box, double pBackground, double p1, double p2) {
    return new Slot(box, new double[] {pBackground, p1, p2}, new double[8]);
  }

  /** One image's output of {@code slots} slots, the first ones filled. */
  private static SecondStageOutput.Reader output(int slots, Slot... filled) {
    SecondStageOutput layout = new SecondStageOutput(2, slots);
    SecondStageOutput.Writer w = layout.writer(1);
    for (Slot s : filled) {
      w.add(0, s.box(), s.probabilities(), 0, s.codes(), 0);
    }
    return layout.read(w.toArray());
  }

  @Test
  void perClassNmsKeepsTheBestOfOverlappingBoxesAndNormalisesToTheImage() {
    var out = output(4, // the fourth slot stays empty
        slot(new float[] {0, 0, 50, 100}, 0.1, 0.8, 0.1),
        slot(new float[] {0, 5, 50, 100}, 0.2, 0.7, 0.1),   // IoU 0.95 with the first, same class: suppressed
        slot(new float[] {60, 0, 100, 40}, 0.1, 0.2, 0.7));
    var d = new PostProcessor(2, 0.5, 0.6, 100, 100).process(out, 0, 100, 200);
    assertEquals(2, d.scores().length);
    assertArrayEquals(new float[] {0.8f, 0.7f}, d.scores(), 1e-6f);
    assertArrayEquals(new int[] {1, 2}, d.classes());
    assertArrayEquals(new float[] {0, 0, 0.5f, 0.5f}, d.boxes()[0], 1e-6f);
    assertArrayEquals(new float[] {0.6f, 0, 1, 0.2f}, d.boxes()[1], 1e-6f);
  }

  @Test
  void boxCodesMoveTheProposalAndBoxesAreClippedToTheImage() {
    Slot s = slot(new float[] {10, 10, 30, 30}, 0, 1, 0);
    s.codes()[0] = 10; // ty for class 1: shift by one box height (20 px) down
    var d = new PostProcessor(2, 0, 0.6, 100, 100).process(output(1, s), 0, 40, 40);
    assertArrayEquals(new float[] {30 / 40f, 10 / 40f, 1, 30 / 40f}, d.boxes()[0], 1e-5f);
  }

  @Test
  void theTotalLimitKeepsTheHighestScores() {
    var out = output(3,
        slot(new float[] {0, 0, 10, 10}, 0, 0.3, 0),
        slot(new float[] {20, 20, 30, 30}, 0, 0.9, 0),
        slot(new float[] {40, 40, 50, 50}, 0, 0.6, 0));
    var d = new PostProcessor(2, 0, 0.6, 100, 2).process(out, 0, 100, 100);
    assertArrayEquals(new float[] {0.9f, 0.6f}, d.scores(), 1e-6f);
  }

  @Test
  void nothingAboveTheThresholdGivesNoDetections() {
    var out = output(1, slot(new float[] {0, 0, 10, 10}, 0.6, 0.3, 0.1));
    assertEquals(0, new PostProcessor(2, 0.5, 0.6, 100, 100).process(out, 0, 100, 100).scores().length);
  }
}
